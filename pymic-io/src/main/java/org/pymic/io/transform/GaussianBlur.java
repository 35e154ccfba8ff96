package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;

/**
 * Smooths a channel with a Gaussian of standard deviation drawn uniformly in {@code sigma_range}
 * (voxels), with {@code probability} per channel: separable kernel
 * {@code k(i) = exp(-i^2 / (2 sigma^2))} of radius ceil(3 sigma), normalised to sum 1, reflect
 * border; along W and H, and D for 3D volumes. A pymic addition (nnU-Net style augmentation).
 */
public final class GaussianBlur extends IntensityTransform {
    private final double[] sigmaRange;
    private final double probability;

    public GaussianBlur(Params p) {
        super("GaussianBlur", p);
        sigmaRange = p.getDoubleArray("sigma_range");
        probability = p.getDouble("probability", 0.5);
    }

    @Override
    protected void channel(float[] x, int off, Volume shape, int i, RandomGenerator rng) {
        if (rng.nextDouble() >= probability) {
            return;
        }
        double sigma = sigmaRange[0] + rng.nextDouble() * (sigmaRange[1] - sigmaRange[0]);
        blur(x, off, VolumeOps.spatial(shape), sigma);
    }

    /** {@code k(i) = exp(-i^2 / (2 sigma^2))} for i in [-r, r], r = ceil(3 sigma), normalised to sum 1. */
    static double[] kernel(double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** Blurs one channel stored at {@code x[off..]} with spatial shape {D, H, W}, in place. */
    static void blur(float[] x, int off, int[] dhw, double sigma) {
        if (sigma <= 0) {
            return;
        }
        double[] k = kernel(sigma);
        int r = k.length / 2;
        int[] stride = {dhw[1] * dhw[2], dhw[2], 1};
        int n = dhw[0] * dhw[1] * dhw[2];
        for (int axis = 2; axis >= 0; axis--) {
            int len = dhw[axis];
            if (len == 1) {
                continue;
            }
            float[] line = new float[len];
            for (int start = 0; start < n; start++) {
                if ((start / stride[axis]) % len != 0) {
                    continue; // not the first voxel of a line along this axis
                }
                for (int j = 0; j < len; j++) {
                    line[j] = x[off + start + j * stride[axis]];
                }
                for (int j = 0; j < len; j++) {
                    double acc = 0;
                    for (int t = -r; t <= r; t++) {
                        acc += k[t + r] * line[VolumeOps.reflect(j + t, len)];
                    }
                    x[off + start + j * stride[axis]] = (float) acc;
                }
            }
        }
    }
}
