package org.pymic.train.infer;

import java.util.List;
import org.pymic.core.image.Volume;
import org.pymic.core.label.Components;
import org.pymic.core.label.ConnectedComponents;
import org.pymic.core.label.Connectivity;
import org.pymic.core.label.Grid;

/**
 * The test mode of DMSPS ({@code [testing] dmsps_test_mode = 1}, PyMIC's {@code WSLDMSPS.save_outputs}):
 * from the class probabilities of both branches of a dual-branch network, on the image's grid, the files
 * that let a user look at where the branches disagree and grow the scribbles into seeds for another round:
 * <ul>
 *   <li>{@code _predaux}: the labels of branch 2 (arg-max of its probabilities);</li>
 *   <li>{@code _uncertainty}: the entropy of the mean of both branches' probabilities over {@code ln C},
 *       in [0, 1] (255 times that, as bytes, in PNG, JPEG or BMP outputs);</li>
 *   <li>{@code _seeds_expand}: the arg-max of that mean where the uncertainty is below
 *       {@code dmsps_uncertainty_threshold}, {@code C} (not annotated) elsewhere; then in every slice, for
 *       every class (background included), only its largest 4-connected component is kept and the rest
 *       becomes {@code C}.</li>
 * </ul>
 * PyMIC writes 4 for the uncertain pixels whatever the class count and {@code C} for the removed components;
 * pymic writes {@code C} for both (the same for ACDC's 4 classes). Where a probability is 0, 0 log 0 counts 0.
 */
final class DmspsOutputs {
    static final String AUX = org.pymic.io.eval.OutputMaps.BRANCH2_LABELS;
    static final String UNCERTAINTY = org.pymic.io.eval.OutputMaps.UNCERTAINTY;
    static final String SEEDS = org.pymic.io.eval.OutputMaps.SEEDS;

    private DmspsOutputs() {
    }

    /**
     * @param original the image as read (the grid and geometry of the outputs)
     * @param branches (2K, D, H, W) on that grid: branch 1's K class probabilities, then branch 2's
     */
    static List<Segmenter.Extra> of(Volume original, float[] branches, int k, double threshold) {
        int n = original.voxels();
        if (branches.length != 2 * k * n) {
            throw new IllegalArgumentException("expected 2 x " + k + " channels of " + n + " voxels, got "
                    + branches.length + " values");
        }
        float[] aux = new float[n];
        float[] uncertainty = new float[n];
        float[] seeds = new float[n];
        double lnK = Math.log(k);
        for (int i = 0; i < n; i++) {
            int bestAux = 0;
            int bestMean = 0;
            double bestMeanP = -1;
            double h = 0;
            for (int c = 0; c < k; c++) {
                float p1 = branches[(k + c) * n + i];
                if (p1 > branches[(k + bestAux) * n + i]) {
                    bestAux = c;
                }
                double m = (branches[c * n + i] + (double) p1) / 2;
                if (m > bestMeanP) {
                    bestMeanP = m;
                    bestMean = c;
                }
                if (m > 0) {
                    h -= m * Math.log(m);
                }
            }
            aux[i] = bestAux;
            uncertainty[i] = (float) (h / lnK);
            seeds[i] = uncertainty[i] < threshold ? bestMean : k;
        }
        keepLargestPerSliceAndClass(seeds, original.depth(), original.height(), original.width(), k);
        return List.of(new Segmenter.Extra(AUX, original.withData(aux, 1), "uint8"),
                new Segmenter.Extra(UNCERTAINTY, original.withData(uncertainty, 1), "float32"),
                new Segmenter.Extra(SEEDS, original.withData(seeds, 1), "uint8"));
    }

    /** In each slice and for each class 0..k-1, the pixels outside the class's largest component become k. */
    static void keepLargestPerSliceAndClass(float[] labels, int depth, int height, int width, int k) {
        int plane = height * width;
        Grid grid = Grid.of(1, height, width);
        for (int d = 0; d < depth; d++) {
            for (int c = 0; c < k; c++) {
                boolean[] mask = new boolean[plane];
                boolean any = false;
                for (int j = 0; j < plane; j++) {
                    mask[j] = labels[d * plane + j] == c;
                    any |= mask[j];
                }
                if (!any) {
                    continue;
                }
                Components comp = ConnectedComponents.label(mask, grid, Connectivity.FACE);
                int keep = comp.largest();
                int[] lab = comp.labels();
                for (int j = 0; j < plane; j++) {
                    if (mask[j] && lab[j] != keep) {
                        labels[d * plane + j] = k;
                    }
                }
            }
        }
    }
}
