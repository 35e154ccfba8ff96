package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.registry.Params;

/**
 * PyMIC {@code GammaCorrection}: for each channel, with {@code probability}, maps the channel to
 * [0, 1] by its min/max, optionally flips it ({@code 1 - x}, with
 * {@code intensity_flip_probability}), raises it to a gamma drawn uniformly in
 * [{@code gamma_min}, {@code gamma_max}] and maps it back: {@code x' = ((x - lo)/(hi - lo))^g (hi - lo) + lo}.
 */
public final class GammaCorrection extends IntensityTransform {
    private final double gammaMin;
    private final double gammaMax;
    private final double flipProbability;
    private final double probability;

    public GammaCorrection(Params p) {
        super("GammaCorrection", p);
        gammaMin = p.getDouble("gamma_min", 0.7);
        gammaMax = p.getDouble("gamma_max", 1.5);
        flipProbability = p.getDouble("intensity_flip_probability", 0.0);
        probability = p.getDouble("probability", 0.5);
    }

    @Override
    protected void channel(float[] x, int off, int n, int i, RandomGenerator rng) {
        if (rng.nextDouble() > probability) {
            return;
        }
        double g = rng.nextDouble() * (gammaMax - gammaMin) + gammaMin;
        apply(x, off, n, g, rng);
    }

    private void apply(float[] x, int off, int n, double g, RandomGenerator rng) {
        float[] r = range(x, off, n);
        double lo = r[0];
        double span = r[1] - r[0];
        if (span <= 0) {
            return;
        }
        boolean flip = rng.nextDouble() < flipProbability;
        for (int j = off; j < off + n; j++) {
            double u = (x[j] - lo) / span;
            if (flip) {
                u = 1 - u;
            }
            x[j] = (float) (Math.pow(u, g) * span + lo);
        }
    }
}
