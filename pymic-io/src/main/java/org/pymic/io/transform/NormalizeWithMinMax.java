package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.registry.Params;

/**
 * PyMIC {@code NormalizeWithMinMax}: clips each channel to [v0, v1] and maps it to [0, 1] with
 * {@code (x - v0) / (v1 - v0)}; v0, v1 are {@code threshold_lower}/{@code threshold_upper} (indexed
 * by position in {@code channels}) or the channel's min / max when None.
 */
public final class NormalizeWithMinMax extends IntensityTransform {
    private final double[] lower;
    private final double[] upper;

    public NormalizeWithMinMax(Params p) {
        super("NormalizeWithMinMax", p);
        lower = p.getDoubleArray("threshold_lower");
        upper = p.getDoubleArray("threshold_upper");
    }

    @Override
    protected void channel(float[] x, int off, int n, int i, RandomGenerator rng) {
        float[] r = range(x, off, n);
        double v0 = lower == null ? r[0] : lower[i];
        double v1 = upper == null ? r[1] : upper[i];
        clipToUnit(x, off, n, v0, v1);
    }
}
