package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.registry.Params;

/**
 * Adds one constant drawn from N({@code mean}, {@code std}) to a whole channel, with
 * {@code probability} per channel (nnU-Net style brightness augmentation; a pymic addition).
 */
public final class BrightnessAdditive extends IntensityTransform {
    private final double mean;
    private final double std;
    private final double probability;

    public BrightnessAdditive(Params p) {
        super("BrightnessAdditive", p);
        mean = p.getDouble("mean", 0.0);
        std = p.getDouble("std", 0.1);
        probability = p.getDouble("probability", 0.5);
    }

    @Override
    protected void channel(float[] x, int off, int n, int i, RandomGenerator rng) {
        if (rng.nextDouble() >= probability) {
            return;
        }
        float add = (float) (mean + std * rng.nextGaussian());
        for (int j = off; j < off + n; j++) {
            x[j] += add;
        }
    }
}
