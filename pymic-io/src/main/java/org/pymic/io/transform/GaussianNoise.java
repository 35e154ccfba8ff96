package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.registry.Params;

/**
 * PyMIC {@code GaussianNoise}, in both of PyMIC's key sets. With {@code std} (the older set): for each
 * channel, with {@code probability}, adds N({@code mean}, {@code std}) noise to every voxel. Without it
 * (PyMIC 0.5): each channel gets noise N(0, s) with s uniform in [{@code std_min}, {@code std_max}], with
 * probability {@code probability * probability_per_channel} (PyMIC draws the image once with
 * {@code probability}, then each channel; for one-channel images the two are the same).
 */
public final class GaussianNoise extends IntensityTransform {
    private final double mean;
    private final Double std;
    private final double stdMin;
    private final double stdMax;
    private final double probability;

    public GaussianNoise(Params p) {
        super("GaussianNoise", p);
        mean = p.getDouble("mean", 0.0);
        std = p.has("std") && p.get("std") != null ? p.getDouble("std") : null;
        stdMin = p.getDouble("std_min", 0.02);
        stdMax = p.getDouble("std_max", 0.1);
        if (std == null && !(stdMin >= 0 && stdMax >= stdMin)) {
            throw org.pymic.core.error.PymicException.config("GaussianNoise: std_min = " + stdMin + " and std_max = "
                    + stdMax + ": expected 0 <= std_min <= std_max");
        }
        probability = std != null ? p.getDouble("probability", 0.5)
                : p.getDouble("probability", 0.5) * p.getDouble("probability_per_channel", 0.5);
    }

    @Override
    protected void channel(float[] x, int off, int n, int i, RandomGenerator rng) {
        if (rng.nextDouble() >= probability) {
            return;
        }
        double s = std != null ? std : stdMin + (stdMax - stdMin) * rng.nextDouble();
        for (int j = off; j < off + n; j++) {
            x[j] += (float) (mean + s * rng.nextGaussian());
        }
    }
}
