package org.pymic.io.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pymic.core.metrics.LabelGroup;
import org.pymic.core.metrics.Summary;

/**
 * The scores of every case of one segmentation source: rows per case and label group, columns
 * named {@code <metric>_<label>} (e.g. {@code dice_1}, {@code hd95_1+2}), and summaries over
 * cases that leave out undefined (NaN) values.
 */
public record EvaluationResult(Path segmentation, List<String> metrics, List<LabelGroup> groups,
                               List<CaseResult> cases) {

    public EvaluationResult {
        metrics = List.copyOf(metrics);
        groups = List.copyOf(groups);
        cases = List.copyOf(cases);
    }

    /** Column names, metric-major: every label of the first metric, then of the second... */
    public List<String> columns() {
        List<String> out = new ArrayList<>();
        for (String m : metrics) {
            for (LabelGroup g : groups) {
                out.add(m + "_" + g.name());
            }
        }
        return out;
    }

    /** The values of one case in {@link #columns()} order. */
    public double[] row(CaseResult c) {
        double[] out = new double[metrics.size() * groups.size()];
        int k = 0;
        for (String m : metrics) {
            for (int g = 0; g < groups.size(); g++) {
                out[k++] = c.scores().get(g).get(m);
            }
        }
        return out;
    }

    /** The values of one metric and label group over all cases. */
    public double[] values(String metric, LabelGroup group) {
        int g = groups.indexOf(group);
        if (g < 0) {
            throw new IllegalArgumentException("label " + group + " was not evaluated");
        }
        return cases.stream().mapToDouble(c -> c.scores().get(g).get(metric)).toArray();
    }

    /** Mean and std over cases of one metric and label group, NaN values left out and counted. */
    public Summary summary(String metric, LabelGroup group) {
        return Summary.of(values(metric, group));
    }
}
