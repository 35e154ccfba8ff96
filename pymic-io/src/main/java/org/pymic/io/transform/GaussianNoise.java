package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.registry.Params;

/**
 * PyMIC {@code GaussianNoise}: for each channel, with {@code probability}, adds independent
 * N({@code mean}, {@code std}) noise to every voxel.
 */
public final class GaussianNoise extends IntensityTransform {
    private final double mean;
    private final double std;
    private final double probability;

    public GaussianNoise(Params p) {
        super("GaussianNoise", p);
        mean = p.getDouble("mean");
        std = p.getDouble("std");
        probability = p.getDouble("probability", 0.5);
    }

    @Override
    protected void channel(float[] x, int off, int n, int i, RandomGenerator rng) {
        if (rng.nextDouble() >= probability) {
            return;
        }
        for (int j = off; j < off + n; j++) {
            x[j] += (float) (mean + std * rng.nextGaussian());
        }
    }
}
