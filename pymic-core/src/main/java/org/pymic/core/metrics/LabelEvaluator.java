package org.pymic.core.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pymic.core.label.Grid;

/**
 * Evaluates label maps: for each {@link LabelGroup}, the binary masks "voxel label in the group"
 * of segmentation and ground truth are compared with every metric. Label values are rounded to
 * the nearest integer (label images are often stored as floats).
 */
public final class LabelEvaluator {
    private LabelEvaluator() {
    }

    /** Scores of every group, in the given order. */
    public static List<LabelScores> evaluate(float[] seg, float[] gt, Grid grid, List<LabelGroup> groups,
                                             List<? extends Metric> metrics) {
        return evaluate(toLabels(seg), toLabels(gt), grid, groups, metrics);
    }

    /** Scores of every group, in the given order. */
    public static List<LabelScores> evaluate(int[] seg, int[] gt, Grid grid, List<LabelGroup> groups,
                                             List<? extends Metric> metrics) {
        if (seg.length != grid.size() || gt.length != grid.size()) {
            throw new IllegalArgumentException("label maps of " + seg.length + " and " + gt.length
                    + " voxels on grid " + grid);
        }
        List<LabelScores> out = new ArrayList<>();
        for (LabelGroup g : groups) {
            MaskPair pair = new MaskPair(mask(seg, g), mask(gt, g), grid);
            Map<String, Double> values = new LinkedHashMap<>();
            for (Metric m : metrics) {
                values.put(m.metricName(), m.evaluate(pair));
            }
            out.add(new LabelScores(g, values));
        }
        return out;
    }

    /** Voxels whose label is in the group. */
    public static boolean[] mask(int[] labels, LabelGroup group) {
        boolean[] out = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = group.contains(labels[i]);
        }
        return out;
    }

    /** Float label values rounded to the nearest integer. */
    public static int[] toLabels(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.round(values[i]);
        }
        return out;
    }
}
