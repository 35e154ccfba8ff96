package org.pymic.cli.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pymic.core.config.Config;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.io.eval.EvaluationOptions;
import org.pymic.io.image.AtomicFiles;

/**
 * {@code pymic report}: one self-contained HTML page (charts as inline SVG, images as data URIs, CSS
 * and the table-sorting script inline) from run folders and evaluation CSVs.
 *
 * <p>Which evaluation table belongs to which run: with as many {@code --eval} files as runs, the
 * i-th file goes with the i-th run; with one run, every file goes with it; otherwise each file goes
 * with the run whose segmentations (in its config, or its {@code --seg} folder) are in the file's
 * folder or are the files the table recorded. Without {@code --eval}, a run whose config has an
 * {@code [evaluation]} section shows the table {@code pymic eval CONFIG} wrote, when it exists.
 *
 * <p>{@code --seg} folders, when given, are one per run in the runs' order: where each run's
 * segmentations are, for the overlays of eval CSVs that do not record their files.
 */
public final class Report {
    private Report() {
    }

    /** The outcome: the file written, and how many runs and evaluation tables it shows. */
    public record Written(Path file, int runs, int evals) {
    }

    public static Written write(List<Path> runDirs, List<Path> evals, List<Path> segs, Path out, String version) {
        System.setProperty("java.awt.headless", "true");
        List<RunFolder> runs = runDirs.stream().map(RunFolder::open).toList();
        for (Path e : evals) {
            if (!Files.isRegularFile(e)) {
                throw new PymicException(ExitCode.INPUT, e + ": evaluation CSV not found");
            }
        }
        List<ReportBuilder.RunInput> inputs = pair(runs, evals, segs);
        ReportModel.Page page = new ReportBuilder().build(inputs, version);
        String html = render(page);
        AtomicFiles.writeString(out, html);
        return new Written(out, runs.size(), inputs.stream().mapToInt(i -> i.evals().size()).sum());
    }

    /** The page as HTML text. */
    public static String render(ReportModel.Page page) {
        Mustache m = new DefaultMustacheFactory("org/pymic/cli/report").compile("report.mustache");
        StringWriter w = new StringWriter();
        m.execute(w, page);
        return w.toString();
    }

    static List<ReportBuilder.RunInput> pair(List<RunFolder> runs, List<Path> evals, List<Path> segs) {
        if (!segs.isEmpty() && segs.size() != runs.size()) {
            throw new PymicException(ExitCode.USAGE, segs.size() + " --seg folder" + (segs.size() == 1 ? "" : "s")
                    + " for " + runs.size() + " run" + (runs.size() == 1 ? "" : "s")
                    + ": give one --seg per run, in the order of the runs");
        }
        for (Path s : segs) {
            if (!Files.isDirectory(s)) {
                throw new PymicException(ExitCode.INPUT, s + ": segmentation folder (--seg) not found");
            }
        }
        Map<RunFolder, Path> segOf = new LinkedHashMap<>();
        for (int i = 0; i < segs.size(); i++) {
            segOf.put(runs.get(i), segs.get(i));
        }
        Map<RunFolder, List<Path>> by = new LinkedHashMap<>();
        runs.forEach(r -> by.put(r, new ArrayList<>()));
        if (evals.isEmpty()) {
            runs.forEach(r -> by.get(r).addAll(defaultEval(r)));
        } else if (evals.size() == runs.size()) {
            for (int i = 0; i < runs.size(); i++) {
                by.get(runs.get(i)).add(evals.get(i));
            }
        } else if (runs.size() == 1) {
            by.get(runs.get(0)).addAll(evals);
        } else {
            for (Path e : evals) {
                Set<Path> folders = new LinkedHashSet<>();
                folders.add(e.toAbsolutePath().normalize().getParent());
                EvalTable t = EvalTable.read(e);
                for (int c = 0; c < t.cases().size(); c++) {
                    if (t.segmentation(c) != null) {
                        folders.add(t.segmentation(c).toAbsolutePath().normalize().getParent());
                    }
                }
                RunFolder owner = null;
                for (RunFolder r : runs) {
                    List<Path> own = segFolders(r, segOf.get(r));
                    if (folders.stream().anyMatch(own::contains)) {
                        owner = r;
                    }
                }
                if (owner == null) {
                    throw new PymicException(ExitCode.USAGE, e + ": cannot tell which run this evaluation belongs to;"
                            + " give one --eval per run, in the order of the runs");
                }
                by.get(owner).add(e);
            }
        }
        return runs.stream().map(r -> new ReportBuilder.RunInput(r, List.copyOf(by.get(r)), segOf.get(r))).toList();
    }

    private static List<Path> segFolders(RunFolder r, Path given) {
        List<Path> out = new ArrayList<>();
        if (given != null) {
            out.add(given.toAbsolutePath().normalize());
        }
        Config cfg = r.config();
        if (cfg == null) {
            return out;
        }
        String o = cfg.section("testing").getString("output_dir", null);
        if (o != null) {
            out.add(Path.of(o).toAbsolutePath().normalize());
        }
        List<String> segs = cfg.section("evaluation").getStringList("segmentation_folder");
        if (segs != null) {
            segs.forEach(s -> out.add(Path.of(s).toAbsolutePath().normalize()));
        }
        return out;
    }

    /** The CSV {@code pymic eval CONFIG} writes for the run's config, when it exists. */
    private static List<Path> defaultEval(RunFolder r) {
        Config cfg = r.config();
        if (cfg == null || !cfg.hasSection("evaluation")) {
            return List.of();
        }
        try {
            EvaluationOptions o = EvaluationOptions.fromConfig(cfg);
            return o.segmentations().stream().map(o::csvPath).filter(Files::isRegularFile).toList();
        } catch (PymicException e) {
            return List.of();
        }
    }
}
