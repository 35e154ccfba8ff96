package org.pymic.cli.report;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pymic.cli.report.ReportModel.CaseListRow;
import org.pymic.cli.report.ReportModel.Cell;
import org.pymic.cli.report.ReportModel.Chart;
import org.pymic.cli.report.ReportModel.CheckpointRow;
import org.pymic.cli.report.ReportModel.Comparison;
import org.pymic.cli.report.ReportModel.ComparisonRow;
import org.pymic.cli.report.ReportModel.EvalView;
import org.pymic.cli.report.ReportModel.KeyValue;
import org.pymic.cli.report.ReportModel.OverlayView;
import org.pymic.cli.report.ReportModel.Page;
import org.pymic.cli.report.ReportModel.Row;
import org.pymic.cli.report.ReportModel.RunView;
import org.pymic.core.config.Config;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.metrics.Summary;
import org.pymic.io.image.ImageFiles;

/** Builds the page's model from run folders and their evaluation tables. */
public final class ReportBuilder {
    private static final int CHART_W = 500;
    private static final int CHART_H = 270;
    private static final int OVERLAY_PX = 192;

    /**
     * A run, the evaluation CSVs shown with it, and the folder of its segmentations when the user
     * named one ({@code pymic report --seg}), else null.
     */
    public record RunInput(RunFolder run, List<Path> evals, Path segFolder) {
        public RunInput(RunFolder run, List<Path> evals) {
            this(run, evals, null);
        }
    }

    private final Charts charts = new Charts();
    private final List<String> notes = new ArrayList<>();

    public Page build(List<RunInput> inputs, String version) {
        List<RunView> views = new ArrayList<>();
        List<List<EvalTable>> tables = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            RunInput in = inputs.get(i);
            List<EvalTable> t = in.evals().stream().map(EvalTable::read).toList();
            tables.add(t);
            views.add(run("run" + (i + 1), in, t));
        }
        Comparison comparison = inputs.size() > 1 ? compare(inputs, tables) : null;
        String title = inputs.size() == 1 ? "pymic report: " + inputs.get(0).run().name()
                : "pymic report: " + inputs.size() + " runs";
        String generated = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        return new Page(title, generated, version, views, comparison, List.copyOf(notes));
    }

    private RunView run(String id, RunInput in, List<EvalTable> tables) {
        RunFolder r = in.run();
        Map<String, Object> meta = r.meta();
        List<String> runNotes = new ArrayList<>();
        if (meta.isEmpty()) {
            runNotes.add("No checkpoint in " + r.dir() + ": the config as run and the provenance are not known.");
        }
        List<KeyValue> prov = new ArrayList<>();
        for (String k : List.of("networks", "seed", "iteration", "valid_pred", "best_iteration",
                "best_valid_pred", "pymic_version", "djl_version", "pytorch_version")) {
            if (meta.containsKey(k)) {
                prov.add(new KeyValue(k, show(meta.get(k))));
            }
        }
        meta.forEach((k, v) -> {
            if (!k.equals("config") && !k.equals("case_lists_sha256") && !k.equals("method") && prov.stream().noneMatch(p -> p.key().equals(k))) {
                prov.add(new KeyValue(k, show(v)));
            }
        });
        if (r.metaSource() != null) {
            prov.add(new KeyValue("read from", r.metaSource().getFileName().toString()));
        }
        List<CaseListRow> lists = new ArrayList<>();
        Map<String, Integer> sizes = r.caseListSizes();
        if (meta.get("case_lists_sha256") instanceof Map<?, ?> sha) {
            sha.forEach((k, v) -> {
                Integer n = sizes.get(k.toString());
                lists.add(new CaseListRow(k.toString(), String.valueOf(v), n == null ? "list not found now" : n.toString()));
            });
        }
        List<CheckpointRow> ckpts = new ArrayList<>();
        for (RunFolder.CheckpointFile c : r.checkpoints()) {
            List<String> role = new ArrayList<>();
            if (r.bestIteration() != null && r.bestIteration() == c.iteration()) {
                role.add("best");
            }
            if (r.latestIteration() != null && r.latestIteration() == c.iteration()) {
                role.add("last");
            }
            ckpts.add(new CheckpointRow(c.file().getFileName().toString(), c.iteration(), String.join(", ", role),
                    String.format(Locale.ROOT, "%.1f MB", c.bytes() / 1e6)));
        }
        TrainingCurves tc = r.curves();
        List<Chart> cs = new ArrayList<>();
        List<Charts.Line> losses = new ArrayList<>();
        for (String term : tc.lossTerms()) {
            TrainingCurves.Curve c = tc.trainingCurve("train_" + term);
            losses.add(new Charts.Line(term, c.iterations(), c.values()));
        }
        if (!losses.isEmpty()) {
            cs.add(chart("Training loss", charts.lines(null, "iteration", "loss", losses, false, CHART_W, CHART_H)));
        }
        List<Charts.Line> scalars = new ArrayList<>();
        for (String term : tc.methodScalars()) {
            TrainingCurves.Curve c = tc.trainingCurve("train_" + term);
            scalars.add(new Charts.Line(term, c.iterations(), c.values()));
        }
        if (!scalars.isEmpty()) {
            cs.add(chart("Method weights and ratios", charts.lines(null, "iteration", "value", scalars, false,
                    CHART_W, CHART_H)));
        }
        TrainingCurves.Curve lr = tc.trainingCurve("lr");
        if (lr.size() > 0) {
            cs.add(chart("Learning rate", charts.lines(null, "iteration", "learning rate",
                    List.of(new Charts.Line("lr", lr.iterations(), lr.values())), spansDecades(lr.values()),
                    CHART_W, CHART_H)));
        }
        List<Charts.Line> dice = new ArrayList<>();
        TrainingCurves.Curve avg = tc.curve("valid_avg_fg_dice", "valid");
        if (avg.size() > 0) {
            dice.add(new Charts.Line("mean foreground", avg.iterations(), avg.values()));
        }
        for (String col : tc.classDiceColumns()) {
            String cls = col.substring("valid_dice_".length());
            if (!cls.equals("0")) {
                TrainingCurves.Curve c = tc.curve(col, "valid");
                dice.add(new Charts.Line("class " + cls, c.iterations(), c.values()));
            }
        }
        if (!dice.isEmpty()) {
            cs.add(chart("Validation Dice", charts.lines(null, "iteration", "Dice", dice, false, CHART_W, CHART_H)));
        }
        List<KeyValue> timing = new ArrayList<>();
        if (tc.hasTiming()) {
            List<Charts.Line> t = new ArrayList<>();
            for (String col : TrainingCurves.timingColumns()) {
                TrainingCurves.Curve c = tc.trainingCurve(col);
                t.add(new Charts.Line(col.replace("_ms", ""), c.iterations(), c.values()));
            }
            cs.add(chart("Step time by phase", charts.lines(null, "iteration", "ms per step", t, false, CHART_W, CHART_H)));
            double total = 0;
            for (Map.Entry<String, Double> e : tc.meanTiming().entrySet()) {
                timing.add(new KeyValue(e.getKey().replace("_ms", ""), fmt(e.getValue(), 1) + " ms"));
                total += e.getValue();
            }
            timing.add(new KeyValue("step", fmt(total, 1) + " ms"));
        }
        Config cfg = r.config();
        List<EvalView> evals = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            evals.add(eval(id + "e" + (i + 1), tables.get(i), new CaseFiles(cfg, tables.get(i), in.segFolder())));
        }
        List<OverlayView> scribbles = scribbles(cfg, runNotes);
        return new RunView(id, r.name(), r.dir().toAbsolutePath().normalize().toString(), r.method(), cfg == null ? "?" : cfg.supervision(),
                labelsUsed(r), prov, lists, ckpts, r.configText(), cs, timing, evals, scribbles, runNotes);
    }

    private static Chart chart(String title, String svg) {
        return new Chart(title, svg);
    }

    private static boolean spansDecades(double[] v) {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (double x : v) {
            if (x > 0) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        return hi > 0 && hi / lo > 20;
    }

    /** {@code fully_sup: 8 labelled}, {@code semi_sup: 4 labelled + 36 unlabelled}. */
    static String labelsUsed(RunFolder r) {
        Config cfg = r.config();
        if (cfg == null) {
            return "?";
        }
        Map<String, Integer> sizes = r.caseListSizes();
        List<String> parts = new ArrayList<>();
        sizes.forEach((k, n) -> {
            if (!k.equals("valid_csv")) {
                String what = k.contains("unlab") ? "unlabelled" : switch (cfg.supervision()) {
                    case "weak_sup" -> "with scribbles";
                    case "noisy_label" -> k.contains("noise") ? "noisy" : "labelled";
                    default -> "labelled";
                };
                parts.add((n == null ? "?" : n.toString()) + " " + what);
            }
        });
        return cfg.supervision() + (parts.isEmpty() ? "" : ": " + String.join(" + ", parts));
    }

    private EvalView eval(String id, EvalTable t, CaseFiles files) {
        List<String> headers = t.columns().stream().map(EvalTable.Column::header).toList();
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < t.cases().size(); r++) {
            List<Cell> cells = new ArrayList<>();
            for (int c = 0; c < headers.size(); c++) {
                cells.add(cell(t.value(r, c), t.columns().get(c).metric()));
            }
            rows.add(new Row(t.cases().get(r), cells));
        }
        List<Cell> mean = new ArrayList<>();
        List<Cell> std = new ArrayList<>();
        for (int c = 0; c < headers.size(); c++) {
            Summary s = t.summary(c);
            mean.add(cell(s.mean(), t.columns().get(c).metric()));
            std.add(cell(s.std(), t.columns().get(c).metric()));
        }
        List<Chart> boxes = new ArrayList<>();
        for (String m : t.metrics()) {
            Map<String, List<Double>> byLabel = new LinkedHashMap<>();
            for (int c = 0; c < headers.size(); c++) {
                if (t.columns().get(c).metric().equals(m)) {
                    byLabel.put("label " + t.columns().get(c).label(), boxed(t.column(c)));
                }
            }
            String svg = charts.boxes(null, m, Map.of(m, byLabel), CHART_W, CHART_H);
            if (svg != null) {
                boxes.add(chart(m + " per structure", svg));
            }
        }
        List<OverlayView> overlays = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        double[] d = t.meanDicePerCase();
        List<Integer> picked = t.worstMedianBest();
        String[] roles = picked.size() == 3 ? new String[] {"worst", "median", "best"}
                : picked.size() == 2 ? new String[] {"worst", "best"} : new String[] {"only case"};
        for (int i = 0; i < picked.size(); i++) {
            int c = picked.get(i);
            OverlayView o = overlay(roles[i], t.cases().get(c), d[c], files.find(t.cases().get(c)));
            if (o.uri() == null) {
                missing.add(o.note());
            }
            overlays.add(o);
        }
        String note = picked.isEmpty() ? "No Dice column: no case to pick for the overlays."
                : missing.isEmpty() ? null : "Some overlays could not be drawn: " + String.join("; ", missing);
        return new EvalView(id, t.file().toString(), headers, rows,
                List.of(new Row("mean", mean), new Row("std", std)), boxes, overlays, note);
    }

    private static List<Double> boxed(double[] v) {
        List<Double> out = new ArrayList<>();
        for (double x : v) {
            out.add(x);
        }
        return out;
    }

    private static Cell cell(double v, String metric) {
        String text = Double.isNaN(v) ? "nan" : fmt(v, metric.equals("dice") || metric.equals("iou") ? 4 : 2);
        return new Cell(text, Double.isNaN(v) ? "" : Double.toString(v));
    }

    static String fmt(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** An overlay of one case, or a view with no image and a note saying what is missing. */
    static OverlayView overlay(String role, String caseName, double dice, CaseFiles.Found f) {
        String score = "mean Dice " + fmt(dice, 4);
        if (!f.complete()) {
            return new OverlayView(role, caseName, score, null, 0, 0, f.note());
        }
        try {
            Volume img = ImageFiles.read(f.image());
            Volume gt = ImageFiles.read(f.groundTruth());
            Volume seg = ImageFiles.read(f.segmentation());
            if (gt.depth() != img.depth() || gt.height() != img.height() || gt.width() != img.width()
                    || seg.depth() != img.depth() || seg.height() != img.height() || seg.width() != img.width()) {
                return new OverlayView(role, caseName, score, null, 0, 0, caseName + ": image, ground truth and"
                        + " segmentation differ in shape");
            }
            int z = Overlay.busiestSlice(gt);
            int h = img.height();
            int w = img.width();
            int factor = Overlay.factorFor(h, w, OVERLAY_PX);
            BufferedImage b = Overlay.render(Overlay.imageSlice(img, z), Overlay.labelSlice(gt, z),
                    Overlay.labelSlice(seg, z), h, w, factor);
            String where = img.depth() > 1 ? " (slice " + z + " of " + img.depth() + ")" : "";
            return new OverlayView(role, caseName + where, score, Overlay.dataUri(b), b.getWidth(), b.getHeight(), null);
        } catch (PymicException e) {
            return new OverlayView(role, caseName, score, null, 0, 0, e.getMessage());
        }
    }

    /** For a scribble run, the first training case's image with its scribbles' contours. */
    private static List<OverlayView> scribbles(Config cfg, List<String> runNotes) {
        if (cfg == null || !cfg.supervision().equals("weak_sup")) {
            return List.of();
        }
        String csv = cfg.section("dataset").getString("train_csv", null);
        String root = cfg.section("dataset").getString("train_dir", null);
        try {
            Path list = Path.of(csv);
            if (!Files.isRegularFile(list) && root != null) {
                list = Path.of(root).resolve(csv);
            }
            List<List<String>> rows = Csv.read(list);
            int label = rows.get(0).indexOf("label");
            List<String> first = rows.get(1);
            Path base = root == null ? Path.of("") : Path.of(root);
            Volume img = ImageFiles.read(base.resolve(first.get(0)));
            Volume scr = ImageFiles.read(base.resolve(first.get(label < 0 ? first.size() - 1 : label)));
            int classNum = cfg.section("network").getInt("class_num", 2);
            float[] d = scr.data().clone();
            for (int i = 0; i < d.length; i++) {
                // the value past the last class marks pixels without a scribble
                if (d[i] >= classNum) {
                    d[i] = 0;
                }
            }
            Volume marks = scr.withData(d, 1);
            int z = Overlay.busiestSlice(marks);
            int factor = Overlay.factorFor(img.height(), img.width(), OVERLAY_PX);
            BufferedImage b = Overlay.render(Overlay.imageSlice(img, z), Overlay.labelSlice(marks, z), null,
                    img.height(), img.width(), factor);
            return List.of(new OverlayView("scribbles", Path.of(first.get(0)).getFileName().toString(), "training case",
                    Overlay.dataUri(b), b.getWidth(), b.getHeight(), null));
        } catch (RuntimeException e) {
            runNotes.add("The scribbles of the first training case could not be shown: " + e.getMessage());
            return List.of();
        }
    }

    private Comparison compare(List<RunInput> inputs, List<List<EvalTable>> tables) {
        Set<String> diceLabels = new LinkedHashSet<>();
        Set<String> hdLabels = new LinkedHashSet<>();
        for (List<EvalTable> ts : tables) {
            if (!ts.isEmpty()) {
                for (EvalTable.Column c : ts.get(0).columns()) {
                    if (c.metric().equals("dice")) {
                        diceLabels.add(c.label());
                    } else if (c.metric().equals("hd95")) {
                        hdLabels.add(c.label());
                    }
                }
            }
        }
        List<ComparisonRow> rows = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            RunFolder r = inputs.get(i).run();
            EvalTable t = tables.get(i).isEmpty() ? null : tables.get(i).get(0);
            List<String> dice = diceLabels.stream().map(l -> meanOf(t, "dice_" + l, 4)).toList();
            List<String> hd = hdLabels.stream().map(l -> meanOf(t, "hd95_" + l, 2)).toList();
            Object best = r.meta().get("best_valid_pred");
            Duration time = r.trainingTime();
            double step = r.curves().hasTiming() ? r.curves().meanTiming().values().stream().mapToDouble(x -> x).sum()
                    : Double.NaN;
            rows.add(new ComparisonRow(r.name(), r.method(), labelsUsed(r), dice, hd,
                    best instanceof Number n ? fmt(n.doubleValue(), 4) : "?",
                    Integer.toString(r.curves().lastIteration()),
                    time == null ? "?" : duration(time), Double.isNaN(step) ? "?" : fmt(step, 0)));
        }
        List<Chart> cs = new ArrayList<>();
        List<Charts.Line> dice = new ArrayList<>();
        List<Charts.Line> loss = new ArrayList<>();
        for (RunInput in : inputs) {
            TrainingCurves tc = in.run().curves();
            TrainingCurves.Curve d = tc.curve("valid_avg_fg_dice", "valid");
            dice.add(new Charts.Line(in.run().name(), d.iterations(), d.values()));
            List<String> terms = tc.lossTerms();
            if (!terms.isEmpty()) {
                String term = terms.contains("loss") ? "loss" : terms.get(0);
                TrainingCurves.Curve l = tc.trainingCurve("train_" + term);
                loss.add(new Charts.Line(in.run().name(), l.iterations(), l.values()));
            }
        }
        cs.add(chart("Validation mean foreground Dice", charts.lines(null, "iteration", "Dice", dice, false, CHART_W, CHART_H)));
        if (!loss.isEmpty()) {
            cs.add(chart("Training loss", charts.lines(null, "iteration", "loss", loss, false, CHART_W, CHART_H)));
        }
        // box plots: one per metric, a box per structure and run
        Map<String, Map<String, Map<String, List<Double>>>> byMetric = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (tables.get(i).isEmpty()) {
                continue;
            }
            EvalTable t = tables.get(i).get(0);
            for (int c = 0; c < t.columns().size(); c++) {
                EvalTable.Column col = t.columns().get(c);
                byMetric.computeIfAbsent(col.metric(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(inputs.get(i).run().name(), k -> new LinkedHashMap<>())
                        .put("label " + col.label(), boxed(t.column(c)));
            }
        }
        byMetric.forEach((m, data) -> {
            String svg = charts.boxes(null, m, data, CHART_W, CHART_H);
            if (svg != null) {
                cs.add(chart(m + " per structure and run", svg));
            }
        });
        // the same case in every run: the first run's median among the cases all runs evaluated
        String same = null;
        List<OverlayView> side = new ArrayList<>();
        String sameNote = null;
        if (tables.stream().allMatch(ts -> !ts.isEmpty())) {
            Set<String> common = new LinkedHashSet<>(tables.get(0).get(0).cases());
            tables.forEach(ts -> common.retainAll(ts.get(0).cases()));
            EvalTable first = tables.get(0).get(0);
            double[] d = first.meanDicePerCase();
            List<Integer> order = new ArrayList<>();
            for (int c = 0; c < first.cases().size(); c++) {
                if (common.contains(first.cases().get(c)) && !Double.isNaN(d[c])) {
                    order.add(c);
                }
            }
            order.sort((a, b) -> Double.compare(d[a], d[b]));
            if (!order.isEmpty()) {
                same = first.cases().get(order.get((order.size() - 1) / 2));
                for (int i = 0; i < inputs.size(); i++) {
                    EvalTable t = tables.get(i).get(0);
                    int c = t.cases().indexOf(same);
                    OverlayView o = overlay(inputs.get(i).run().name(), same, t.meanDicePerCase()[c],
                            new CaseFiles(inputs.get(i).run().config(), t, inputs.get(i).segFolder()).find(same));
                    side.add(o);
                }
            } else {
                sameNote = "No case was evaluated in every run.";
            }
        } else {
            sameNote = "Give an evaluation CSV for every run (--eval) to see the same case side by side.";
        }
        return new Comparison(diceHeaders(diceLabels), diceHeaders(hdLabels), rows, cs, same, side, sameNote);
    }

    private static List<String> diceHeaders(Set<String> labels) {
        return labels.stream().map(l -> "label " + l).toList();
    }

    private static String meanOf(EvalTable t, String header, int decimals) {
        if (t == null) {
            return "";
        }
        int c = t.indexOf(header);
        return c < 0 ? "" : fmt(t.summary(c).mean(), decimals);
    }

    static String duration(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60) : s + " s";
    }

    private static String show(Object v) {
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) {
                parts.add(o instanceof Map<?, ?> m && m.containsKey("name") && m.containsKey("type")
                        ? m.get("name") + " (" + m.get("type") + ")" : show(o));
            }
            return String.join(", ", parts);
        }
        if (v instanceof Double d) {
            return fmt(d, 4);
        }
        return String.valueOf(v);
    }
}
