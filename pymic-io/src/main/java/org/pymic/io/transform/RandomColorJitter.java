package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.registry.Params;

/**
 * Brightness and contrast jitter, the grayscale part of UniMatch's strong view
 * ({@code ColorJitter(0.5, 0.5, 0.5, 0.25)} applied with p = 0.8; Yang et al., CVPR 2023): on a
 * grayscale image saturation and hue change nothing, so only brightness and contrast remain.
 * For float intensities (any normalisation) each selected channel, with {@code probability},
 * draws {@code f_b ~ U[max(0, 1 - brightness), 1 + brightness]} then
 * {@code f_c ~ U[max(0, 1 - contrast), 1 + contrast]} and becomes
 * <pre>  x' = m + f_c (x - m) + (f_b - 1) s</pre>
 * with m and s the channel's mean and population standard deviation before the jitter: contrast
 * scales around the mean, brightness shifts by a fraction of the spread. Both are measured on the
 * input, so the two operations commute (torchvision's random order is moot) and the result follows
 * any affine rescaling of the intensities (unlike torchvision's multiplicative brightness, which is
 * a contrast change for zero-mean images). A constant channel is unchanged. There is no clamping:
 * float intensities have no fixed range.
 */
public final class RandomColorJitter extends IntensityTransform {
    private final double brightness;
    private final double contrast;
    private final double probability;

    public RandomColorJitter(Params p) {
        super("RandomColorJitter", p);
        brightness = inRange("brightness", p.getDouble("brightness", 0.5), 0, Double.MAX_VALUE);
        contrast = inRange("contrast", p.getDouble("contrast", 0.5), 0, Double.MAX_VALUE);
        probability = inRange("probability", p.getDouble("probability", 0.8), 0, 1);
    }

    @Override
    protected void channel(float[] x, int off, int n, int i, RandomGenerator rng) {
        if (rng.nextDouble() >= probability) {
            return;
        }
        double fb = factor(brightness, rng);
        double fc = factor(contrast, rng);
        double sum = 0;
        for (int j = off; j < off + n; j++) {
            sum += x[j];
        }
        double m = sum / n;
        double sq = 0;
        for (int j = off; j < off + n; j++) {
            sq += (x[j] - m) * (x[j] - m);
        }
        double shift = (fb - 1) * Math.sqrt(sq / n);
        for (int j = off; j < off + n; j++) {
            x[j] = (float) (m + fc * (x[j] - m) + shift);
        }
    }

    /** A factor uniform in [max(0, 1 - a), 1 + a], as torchvision's ColorJitter draws it. */
    private static double factor(double a, RandomGenerator rng) {
        double lo = Math.max(0, 1 - a);
        return lo + rng.nextDouble() * (1 + a - lo);
    }
}
