package org.pymic.cli.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * The curves of a run's metrics file ({@code <prefix>_metrics.csv}, written by the trainer's
 * {@code MetricsLog}): per column, the points (iteration, value) of the training rows
 * ({@code kind = train}, every {@code iter_log} iterations) and of the validation rows
 * ({@code kind = valid}). A file without a {@code kind} column (one row per validation) reads as
 * validation rows only. Empty and {@code nan} cells are left out of a curve.
 */
public final class TrainingCurves {
    /** One curve: iterations and values of the same length. */
    public record Curve(String column, String kind, double[] iterations, double[] values) {
        public int size() {
            return iterations.length;
        }

        public double last() {
            return values.length == 0 ? Double.NaN : values[values.length - 1];
        }
    }

    private static final List<String> TIMING = List.of("data_ms", "forward_ms", "backward_ms", "update_ms");

    private final Path file;
    private final List<String> columns;
    private final List<Integer> iterations = new ArrayList<>();
    private final List<String> kinds = new ArrayList<>();
    private final List<double[]> values = new ArrayList<>();

    private TrainingCurves(Path file, List<String> columns) {
        this.file = file;
        this.columns = columns;
    }

    public static TrainingCurves read(Path file) {
        List<List<String>> rows = Csv.read(file);
        List<String> header = rows.get(0);
        if (header.isEmpty() || !header.get(0).equals("iteration")) {
            throw new PymicException(ExitCode.INPUT, file + ": not a metrics file (the first column is '"
                    + (header.isEmpty() ? "" : header.get(0)) + "', expected 'iteration')");
        }
        int kindAt = header.indexOf("kind");
        TrainingCurves c = new TrainingCurves(file, List.copyOf(header));
        for (List<String> r : rows.subList(1, rows.size())) {
            double it = Csv.number(r.get(0));
            if (Double.isNaN(it)) {
                continue;
            }
            double[] v = new double[header.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = i < r.size() && i != kindAt ? Csv.number(r.get(i)) : Double.NaN;
            }
            c.iterations.add((int) it);
            c.kinds.add(kindAt >= 0 && kindAt < r.size() ? r.get(kindAt) : "valid");
            c.values.add(v);
        }
        return c;
    }

    public Path file() {
        return file;
    }

    public List<String> columns() {
        return columns;
    }

    public int rows() {
        return iterations.size();
    }

    /** The last iteration in the file, or 0. */
    public int lastIteration() {
        return iterations.isEmpty() ? 0 : iterations.get(iterations.size() - 1);
    }

    /** The points of one column over the rows of one kind ({@code train} or {@code valid}), NaN left out. */
    public Curve curve(String column, String kind) {
        int at = columns.indexOf(column);
        if (at < 0) {
            return new Curve(column, kind, new double[0], new double[0]);
        }
        List<double[]> pts = new ArrayList<>();
        for (int r = 0; r < iterations.size(); r++) {
            double v = values.get(r)[at];
            if (kinds.get(r).equals(kind) && Double.isFinite(v)) {
                pts.add(new double[] {iterations.get(r), v});
            }
        }
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        return new Curve(column, kind, x, y);
    }

    /**
     * The training curve of a column where the file has training rows, else its curve over the
     * validation rows (each averages the round since the previous validation).
     */
    public Curve trainingCurve(String column) {
        Curve t = curve(column, "train");
        return t.size() > 0 ? t : curve(column, "valid");
    }

    /**
     * The loss term names, from the {@code train_<term>} columns, in file order, without the
     * {@linkplain #methodScalars() method scalars}.
     */
    public List<String> lossTerms() {
        return columns.stream().filter(c -> c.startsWith("train_")).map(c -> c.substring(6))
                .filter(t -> !isMethodScalar(t)).toList();
    }

    /**
     * The {@code train_<term>} columns that are not losses but a method's weights, decays and ratios
     * ({@code regular_w}, {@code ema_decay}, {@code select_ratio}, ...), in file order: they are on another
     * scale than the losses and get a chart of their own.
     */
    public List<String> methodScalars() {
        return columns.stream().filter(c -> c.startsWith("train_")).map(c -> c.substring(6))
                .filter(TrainingCurves::isMethodScalar).toList();
    }

    private static boolean isMethodScalar(String term) {
        return !term.startsWith("loss") && (term.endsWith("_w") || term.endsWith("_weight")
                || term.endsWith("_decay") || term.endsWith("_ratio"));
    }

    /** The per-class validation Dice columns ({@code valid_dice_<class>}), in file order. */
    public List<String> classDiceColumns() {
        return columns.stream().filter(c -> c.startsWith("valid_dice_")).toList();
    }

    /** Whether the file has the step timing columns with at least one value. */
    public boolean hasTiming() {
        return TIMING.stream().allMatch(columns::contains) && trainingCurve("data_ms").size() > 0;
    }

    /** The timing columns, in the order data, forward, backward, update. */
    public static List<String> timingColumns() {
        return TIMING;
    }

    /** The mean of each timing column over the training rows (milliseconds per step), by column. */
    public Map<String, Double> meanTiming() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String t : TIMING) {
            Curve c = trainingCurve(t);
            double s = 0;
            for (double v : c.values()) {
                s += v;
            }
            m.put(t, c.size() == 0 ? Double.NaN : s / c.size());
        }
        return m;
    }
}
