package org.pymic.train.infer;

/**
 * Voxel-wise operations on K-channel logits laid out {@code [k][voxel]}: softmax over channels and argmax.
 */
public final class Prediction {
    private Prediction() {
    }

    /** Softmax over the K channels at each voxel (numerically stable: the max is subtracted first). */
    public static float[] softmax(float[] logits, int k) {
        int n = logits.length / k;
        float[] out = new float[logits.length];
        for (int v = 0; v < n; v++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, logits[c * n + v]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                double e = Math.exp(logits[c * n + v] - max);
                out[c * n + v] = (float) e;
                sum += e;
            }
            for (int c = 0; c < k; c++) {
                out[c * n + v] /= (float) sum;
            }
        }
        return out;
    }

    /** Index of the largest channel at each voxel (the first one on ties), as floats. */
    public static float[] argmax(float[] scores, int k) {
        int n = scores.length / k;
        float[] out = new float[n];
        for (int v = 0; v < n; v++) {
            int best = 0;
            float bv = scores[v];
            for (int c = 1; c < k; c++) {
                if (scores[c * n + v] > bv) {
                    bv = scores[c * n + v];
                    best = c;
                }
            }
            out[v] = best;
        }
        return out;
    }

    /** Element-wise mean of several arrays of equal length. */
    public static float[] mean(java.util.List<float[]> arrays) {
        float[] out = new float[arrays.get(0).length];
        for (float[] a : arrays) {
            for (int i = 0; i < out.length; i++) {
                out[i] += a[i];
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= arrays.size();
        }
        return out;
    }
}
