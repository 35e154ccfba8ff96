package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;

/**
 * In-plane Gaussian blur, UniMatch's strong-view blur (PIL {@code GaussianBlur(radius=sigma)} with
 * sigma uniform in [0.1, 2.0], p = 0.5; Yang et al., CVPR 2023): each selected channel, with
 * {@code probability}, draws sigma uniformly in {@code sigma_range} (pixels) and is smoothed
 * along W then H of every D slice, never across slices, so that the slices of a volume folded into
 * a 2D batch are blurred as UniMatch blurs its 2D images. Separable kernel
 * {@code k(i) = exp(-i^2 / (2 sigma^2))}, |i| <= ceil(3 sigma), normalised to sum 1; borders are
 * padded by repeating the edge pixel (edge padding, as PIL's blur). Unlike {@link GaussianBlur},
 * which also smooths along D with reflect padding.
 */
public final class RandomGaussianBlur extends IntensityTransform {
    private final double sigmaMin;
    private final double sigmaMax;
    private final double probability;

    public RandomGaussianBlur(Params p) {
        super("RandomGaussianBlur", p);
        double[] range = p.getDoubleArray("sigma_range");
        if (range == null || range.length != 2) {
            throw PymicException.config("RandomGaussianBlur_sigma_range expects [min, max], got "
                    + p.get("sigma_range"));
        }
        sigmaMin = inRange("sigma_range", range[0], 0, Double.MAX_VALUE);
        sigmaMax = inRange("sigma_range", range[1], sigmaMin, Double.MAX_VALUE);
        probability = inRange("probability", p.getDouble("probability", 0.5), 0, 1);
    }

    @Override
    protected void channel(float[] x, int off, Volume shape, int i, RandomGenerator rng) {
        if (rng.nextDouble() >= probability) {
            return;
        }
        double sigma = sigmaMin + rng.nextDouble() * (sigmaMax - sigmaMin);
        blurInPlane(x, off, shape.depth(), shape.height(), shape.width(), sigma);
    }

    /** Blurs the d slices of h x w pixels stored at {@code x[off..]} along W then H, in place. */
    static void blurInPlane(float[] x, int off, int d, int h, int w, double sigma) {
        if (sigma <= 0) {
            return;
        }
        double[] k = GaussianBlur.kernel(sigma);
        int r = k.length / 2;
        float[] line = new float[Math.max(h, w)];
        for (int z = 0; z < d; z++) {
            int slice = off + z * h * w;
            for (int y = 0; y < h; y++) {
                smooth(x, slice + y * w, 1, w, k, r, line);
            }
            for (int col = 0; col < w; col++) {
                smooth(x, slice + col, w, h, k, r, line);
            }
        }
    }

    /** Convolves the {@code len} values at {@code start, start + step, ...} with k, edge padding. */
    private static void smooth(float[] x, int start, int step, int len, double[] k, int r, float[] line) {
        if (len == 1) {
            return; // edge padding of one pixel: every tap reads it, and k sums to 1
        }
        for (int j = 0; j < len; j++) {
            line[j] = x[start + j * step];
        }
        for (int j = 0; j < len; j++) {
            double acc = 0;
            for (int t = -r; t <= r; t++) {
                acc += k[t + r] * line[Math.min(len - 1, Math.max(0, j + t))];
            }
            x[start + j * step] = (float) acc;
        }
    }
}
