package org.pymic.train.infer;

/**
 * Importance weights for blending overlapping sliding-window predictions, as in nnU-Net
 * (Isensee et al., Nature Methods 2021): a separable Gaussian centred on the window,
 * {@code w(x) = prod_i exp(-(x_i - c_i)^2 / (2 sigma_i^2))} with {@code c_i = (n_i - 1) / 2} and
 * {@code sigma_i = n_i / 8}, scaled to a maximum of 1. Border voxels thus count less than central ones,
 * where the network has seen more context. Weights are strictly positive, so every voxel covered by
 * at least one window gets a defined average.
 */
public final class GaussianWeights {
    /** nnU-Net's sigma as a fraction of the window size. */
    public static final double SIGMA_SCALE = 1.0 / 8.0;

    private GaussianWeights() {
    }

    /**
     * Weights of a window of size {@code {d, h, w}} in {@code [d][h][w]} order (w fastest).
     *
     * @param size window size, one entry per spatial axis (1 to 3 axes)
     * @param gaussian false gives uniform weights (all 1), PyMIC's plain averaging
     */
    public static float[] of(int[] size, boolean gaussian) {
        int n = 1;
        for (int s : size) {
            n *= s;
        }
        float[] out = new float[n];
        double[][] axis = new double[size.length][];
        for (int a = 0; a < size.length; a++) {
            axis[a] = new double[size[a]];
            double c = (size[a] - 1) / 2.0;
            double sigma = Math.max(size[a] * SIGMA_SCALE, 1e-6);
            for (int i = 0; i < size[a]; i++) {
                axis[a][i] = gaussian ? Math.exp(-(i - c) * (i - c) / (2 * sigma * sigma)) : 1.0;
            }
        }
        double max = 0;
        double minPositive = Double.MAX_VALUE;
        int[] idx = new int[size.length];
        double[] vals = new double[n];
        for (int k = 0; k < n; k++) {
            int rem = k;
            for (int a = size.length - 1; a >= 0; a--) {
                idx[a] = rem % size[a];
                rem /= size[a];
            }
            double v = 1;
            for (int a = 0; a < size.length; a++) {
                v *= axis[a][idx[a]];
            }
            vals[k] = v;
            max = Math.max(max, v);
            if (v > 0) {
                minPositive = Math.min(minPositive, v);
            }
        }
        for (int k = 0; k < n; k++) {
            double v = vals[k] > 0 ? vals[k] : minPositive; // underflow guard, as nnU-Net
            out[k] = (float) (v / max);
            if (out[k] == 0f) {
                out[k] = Float.MIN_NORMAL;
            }
        }
        return out;
    }
}
