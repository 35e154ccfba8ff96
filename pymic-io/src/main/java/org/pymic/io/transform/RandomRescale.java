package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;

/**
 * PyMIC {@code RandomRescale}: with {@code probability}, zooms by a random ratio drawn uniformly in
 * [{@code lower_bound}, {@code upper_bound}], one ratio for all axes when the bounds are single
 * numbers, else one per axis ([H, W] or [D, H, W]). New size = round(size * ratio).
 */
public final class RandomRescale extends Rescale {
    private final double[] lower;
    private final double[] upper;
    private final double probability;

    public RandomRescale(Params p) {
        super("RandomRescale", p);
        this.lower = p.getDoubleArray("lower_bound");
        this.upper = p.getDoubleArray("upper_bound");
        this.probability = p.getDouble("probability", 0.5);
        if (lower.length != upper.length) {
            throw org.pymic.core.error.PymicException.config(
                    "RandomRescale_lower_bound and RandomRescale_upper_bound must have the same length");
        }
    }

    @Override
    protected int[] newShape(Sample s, RandomGenerator rng) {
        if (rng.nextDouble() >= probability) {
            return null;
        }
        int[] in = VolumeOps.spatial(s.image());
        int[] out = in.clone();
        int first = in[0] == 1 ? 1 : 0;
        if (lower.length == 1) {
            double r = lower[0] + rng.nextDouble() * (upper[0] - lower[0]);
            for (int a = first; a < 3; a++) {
                out[a] = scaled(in[a], r);
            }
        } else {
            int off = 3 - lower.length;
            for (int i = 0; i < lower.length; i++) {
                double r = lower[i] + rng.nextDouble() * (upper[i] - lower[i]);
                if (i + off >= first) {
                    out[i + off] = scaled(in[i + off], r);
                }
            }
        }
        return out;
    }
}
