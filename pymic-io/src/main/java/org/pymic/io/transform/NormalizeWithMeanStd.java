package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.registry.Params;

/**
 * PyMIC {@code NormalizeWithMeanStd}: {@code x' = (x - mean) / std} per channel, with the given
 * {@code mean}/{@code std} lists (indexed by position in {@code channels}) or, when either is None,
 * the channel's own mean and population standard deviation. With {@code mask} the statistics come
 * from voxels above 0 only, and {@code random_fill} replaces the voxels outside with N(0, 1) noise.
 * A zero standard deviation is replaced by 1e-8.
 */
public final class NormalizeWithMeanStd extends IntensityTransform {
    private final double[] mean;
    private final double[] std;
    private final boolean mask;
    private final boolean randomFill;

    public NormalizeWithMeanStd(Params p) {
        super("NormalizeWithMeanStd", p);
        mean = p.getDoubleArray("mean");
        std = p.getDoubleArray("std");
        mask = p.getBool("mask", false);
        randomFill = p.getBool("random_fill", false);
    }

    @Override
    protected void channel(float[] x, int off, int n, int i, RandomGenerator rng) {
        boolean[] in = new boolean[n];
        for (int j = 0; j < n; j++) {
            in[j] = !mask || x[off + j] > 0;
        }
        double m;
        double sd;
        if (mean == null || std == null) {
            double sum = 0;
            int cnt = 0;
            for (int j = 0; j < n; j++) {
                if (in[j]) {
                    sum += x[off + j];
                    cnt++;
                }
            }
            m = cnt == 0 ? 0 : sum / cnt;
            double ss = 0;
            for (int j = 0; j < n; j++) {
                if (in[j]) {
                    double d = x[off + j] - m;
                    ss += d * d;
                }
            }
            sd = cnt == 0 ? 1 : Math.sqrt(ss / cnt);
        } else {
            m = mean[i];
            sd = std[i];
        }
        sd = sd == 0 ? 1e-8 : sd;
        for (int j = 0; j < n; j++) {
            x[off + j] = (mask && randomFill && !in[j]) ? (float) rng.nextGaussian()
                    : (float) ((x[off + j] - m) / sd);
        }
    }
}
