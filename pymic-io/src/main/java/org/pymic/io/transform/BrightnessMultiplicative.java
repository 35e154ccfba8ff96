package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.registry.Params;

/**
 * Multiplies a whole channel by a factor drawn uniformly in {@code multiplier_range}, with
 * {@code probability} per channel (nnU-Net style brightness augmentation; a pymic addition).
 */
public final class BrightnessMultiplicative extends IntensityTransform {
    private final double[] range;
    private final double probability;

    public BrightnessMultiplicative(Params p) {
        super("BrightnessMultiplicative", p);
        range = p.getDoubleArray("multiplier_range");
        probability = p.getDouble("probability", 0.5);
    }

    @Override
    protected void channel(float[] x, int off, int n, int i, RandomGenerator rng) {
        if (rng.nextDouble() >= probability) {
            return;
        }
        float f = (float) (range[0] + rng.nextDouble() * (range[1] - range[0]));
        for (int j = off; j < off + n; j++) {
            x[j] *= f;
        }
    }
}
