package org.pymic.train;

/**
 * Per-class Dice of a label map against a reference, as PyMIC's {@code get_classwise_dice}:
 * {@code (2 |P_k ∩ G_k| + 1e-5) / (|P_k| + |G_k| + 1e-5)} for every class k, so a class absent from both
 * scores 1. The mean foreground Dice averages classes 1..K-1.
 *
 * <p>Reference voxels outside 0..k-1 (validation labels mark unannotated voxels with -1, see
 * {@link ValidationCase}) are ignored in prediction and reference alike, as nnU-Net's ignore label: the
 * Dice is then that of the annotated voxels only.
 */
public final class ClassDice {
    private static final double EPS = 1e-5;

    private ClassDice() {
    }

    /**
     * Dice of each class 0..k-1 between label maps {@code pred} and {@code ref} (class indices), over the
     * voxels where {@code ref} holds a class.
     */
    public static double[] of(float[] pred, float[] ref, int k) {
        if (pred.length != ref.length) {
            throw new IllegalArgumentException("prediction has " + pred.length + " voxels, reference " + ref.length);
        }
        long[] inter = new long[k];
        long[] np = new long[k];
        long[] ng = new long[k];
        for (int i = 0; i < pred.length; i++) {
            int p = (int) pred[i];
            int g = (int) ref[i];
            if (g < 0 || g >= k) {
                continue;
            }
            if (p >= 0 && p < k) {
                np[p]++;
            }
            ng[g]++;
            if (p == g) {
                inter[g]++;
            }
        }
        double[] d = new double[k];
        for (int c = 0; c < k; c++) {
            d[c] = (2.0 * inter[c] + EPS) / (np[c] + ng[c] + EPS);
        }
        return d;
    }

    /** Mean of classes 1..k-1 (class 0 alone when k = 1). */
    public static double meanForeground(double[] dice) {
        if (dice.length == 1) {
            return dice[0];
        }
        double s = 0;
        for (int c = 1; c < dice.length; c++) {
            s += dice[c];
        }
        return s / (dice.length - 1);
    }
}
