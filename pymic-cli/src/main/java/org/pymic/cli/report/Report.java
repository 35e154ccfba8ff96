package org.pymic.cli.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * with the run whose config puts segmentations in the file's folder. Without {@code --eval}, a run
 * whose config has an {@code [evaluation]} section shows the table {@code pymic eval CONFIG} wrote,
 * when it exists.
 */
public final class Report {
    private Report() {
    }

    /** The outcome: the file written, and how many runs and evaluation tables it shows. */
    public record Written(Path file, int runs, int evals) {
    }

    public static Written write(List<Path> runDirs, List<Path> evals, Path out, String version) {
        System.setProperty("java.awt.headless", "true");
        List<RunFolder> runs = runDirs.stream().map(RunFolder::open).toList();
        for (Path e : evals) {
            if (!Files.isRegularFile(e)) {
                throw new PymicException(ExitCode.INPUT, e + ": evaluation CSV not found");
            }
        }
        List<ReportBuilder.RunInput> inputs = pair(runs, evals);
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

    static List<ReportBuilder.RunInput> pair(List<RunFolder> runs, List<Path> evals) {
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
                RunFolder owner = null;
                for (RunFolder r : runs) {
                    if (segFolders(r).contains(e.toAbsolutePath().normalize().getParent())) {
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
        return runs.stream().map(r -> new ReportBuilder.RunInput(r, List.copyOf(by.get(r)))).toList();
    }

    private static List<Path> segFolders(RunFolder r) {
        List<Path> out = new ArrayList<>();
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
