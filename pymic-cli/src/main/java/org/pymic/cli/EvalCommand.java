package org.pymic.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pymic.core.metrics.LabelGroup;
import org.pymic.core.metrics.Summary;
import org.pymic.io.eval.Evaluation;
import org.pymic.io.eval.EvaluationOptions;
import org.pymic.io.eval.EvaluationResult;
import org.pymic.io.eval.EvaluationWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pymic eval}: segmentation metrics per case and label, from PyMIC's {@code [evaluation]}
 * section or from options. Writes a per-case CSV (each row ending with the segmentation and
 * ground-truth files compared, which {@code pymic report} draws its overlays from) with mean, std and
 * excluded-count rows; prints a summary table, or with {@code --json} one JSON object per case and label.
 */
@Command(name = "eval", description = {"Evaluate segmentations against ground truth (Dice, IoU, HD95, ASSD, RVE, volume).",
        "Either CONFIG with an [evaluation] section, or --gt and --seg (files or folders matched by name; in a"
                + " folder, the _prob_<c>, _predaux, _uncertainty and _seeds_expand maps of a label map are skipped)."})
final class EvalCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions common;

    @Spec
    CommandSpec spec;

    @Mixin
    EvalInputs inputs;

    @Option(names = "--out", paramLabel = "CSV", description = "Per-case CSV to write (default: eval.csv beside the segmentations).")
    Path out;

    @Option(names = "--json", description = "Print one JSON object per case and label (metrics and the two files' paths) instead of the table.")
    boolean json;

    @Override
    public Integer call() {
        EvaluationOptions options = inputs.fromConfig("eval") ? fromConfig() : fromOptions();
        PrintWriter o = spec.commandLine().getOut();
        Path lastCsv = null;
        for (EvaluationResult r : Evaluation.withFiles().run(options)) {
            lastCsv = options.csvPath(r.segmentation());
            if (json) {
                o.print(EvaluationWriter.toJsonLines(r));
            } else {
                printTable(o, r, lastCsv);
            }
        }
        o.flush();
        if (lastCsv != null) {
            String runDir = inputs.config == null ? "RUN_DIR" : common.load(inputs.config).section("training").getString("ckpt_dir", "RUN_DIR");
            // with --json, stdout holds only JSON lines
            PrintWriter hint = json ? spec.commandLine().getErr() : o;
            hint.println(ReportCommand.hint(runDir, lastCsv.toString()));
            hint.flush();
        }
        return 0;
    }

    private EvaluationOptions fromConfig() {
        EvaluationOptions fromCfg = EvaluationOptions.fromConfig(common.load(inputs.config));
        return out == null ? fromCfg : fromCfg.withOutput(out);
    }

    private EvaluationOptions fromOptions() {
        EvaluationOptions.Builder b = EvalInputs.builder(inputs.metrics, inputs.labels, inputs.gt, inputs.seg, inputs.pairs);
        if (out != null) {
            b.outputName(out);
        }
        return b.build();
    }

    private static void printTable(PrintWriter o, EvaluationResult r, Path csv) {
        o.printf("%d cases from %s (per-case values in %s)%n", r.cases().size(), r.segmentation(), csv);
        o.printf("%-8s %-8s %12s %12s%s%n", "metric", "label", "mean", "std", "");
        for (String m : r.metrics()) {
            for (LabelGroup g : r.groups()) {
                Summary s = r.summary(m, g);
                o.printf("%-8s %-8s %12.4f %12.4f%s%n", m, g.name(), s.mean(), s.std(),
                        s.excluded() > 0 ? "   (" + s.excluded() + " undefined, left out)" : "");
            }
        }
    }
}
