package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.metrics.Percentile;
import org.pymic.core.registry.Params;

/**
 * PyMIC {@code NormalizeWithPercentiles}: v0, v1 = the channel's {@code percentile_lower} and
 * {@code percentile_upper} percentiles (numpy linear interpolation), then clip to [v0, v1] and map
 * to [0, 1].
 */
public final class NormalizeWithPercentiles extends IntensityTransform {
    private final double lower;
    private final double upper;

    public NormalizeWithPercentiles(Params p) {
        super("NormalizeWithPercentiles", p);
        lower = p.getDouble("percentile_lower");
        upper = p.getDouble("percentile_upper");
    }

    @Override
    protected void channel(float[] x, int off, int n, int i, RandomGenerator rng) {
        double[] v = values(x, off, n);
        clipToUnit(x, off, n, Percentile.linear(v, lower), Percentile.linear(v, upper));
    }
}
