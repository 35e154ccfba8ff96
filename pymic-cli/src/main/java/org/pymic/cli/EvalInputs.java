package org.pymic.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.io.eval.EvaluationOptions;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What an evaluation compares, as {@code pymic eval} and {@code pymic spark eval} take it: a CONFIG with an
 * [evaluation] section, or {@code --gt} with {@code --seg} or {@code --pairs}, {@code --metric} and
 * {@code --label} (defaults dice and label 1). A picocli mixin, so both commands declare it once.
 */
public final class EvalInputs {
    @Parameters(paramLabel = "CONFIG", arity = "0..1", description = "PyMIC config with an [evaluation] section (instead of the options below).")
    public Path config;

    @Option(names = "--metric", split = ",", paramLabel = "NAME", description = "Metrics, comma-separated: dice, iou, hd95, assd, rve, volume (default dice).")
    public List<String> metrics = new ArrayList<>();

    @Option(names = "--label", split = ",", paramLabel = "L", description = "Labels, comma-separated; a group of labels as 1+2 (default 1).")
    public List<String> labels = new ArrayList<>();

    @Option(names = "--gt", paramLabel = "PATH", description = "Ground truth file or folder.")
    public Path gt;

    @Option(names = "--seg", paramLabel = "PATH", description = "Segmentation file or folder (files matched to --gt by name).")
    public Path seg;

    @Option(names = "--pairs", paramLabel = "CSV", description = "CSV of (ground truth, segmentation) pairs, instead of --seg.")
    public Path pairs;

    /**
     * True for a CONFIG, false for the options; refuses both, or options without {@code --gt} and a
     * segmentation source (exit code USAGE, naming {@code command}).
     */
    public boolean fromConfig(String command) {
        if (config != null) {
            if (gt != null || seg != null || pairs != null || !metrics.isEmpty() || !labels.isEmpty()) {
                throw new PymicException(ExitCode.USAGE, command + ": give either CONFIG or --gt/--seg/--metric/--label, not both");
            }
            return true;
        }
        if (gt == null || (seg == null && pairs == null)) {
            throw new PymicException(ExitCode.USAGE, command + ": needs CONFIG, or --gt and --seg (or --pairs)");
        }
        return false;
    }

    /** The evaluation the options ask for, with their defaults; {@code seg} and {@code pairs} may be null. */
    public static EvaluationOptions.Builder builder(List<String> metrics, List<String> labels, Path gt, Path seg,
                                                    Path pairs) {
        EvaluationOptions.Builder b = EvaluationOptions.builder().groundTruth(gt)
                .metrics((metrics.isEmpty() ? List.of("dice") : metrics).toArray(String[]::new))
                .labels(EvaluationOptions.parseLabels(labels.isEmpty() ? List.of("1") : labels));
        if (seg != null) {
            b.segmentation(seg);
        }
        if (pairs != null) {
            b.pairsCsv(pairs);
        }
        return b;
    }
}
