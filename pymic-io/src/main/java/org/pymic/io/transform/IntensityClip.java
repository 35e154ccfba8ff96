package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.metrics.Percentile;
import org.pymic.core.registry.Params;

/**
 * PyMIC {@code IntensityClip}: clips channel c to [lower[c], upper[c]] (lists indexed by channel
 * number, as PyMIC). A None bound is the 0.05th / 99.95th percentile; with {@code percentile_mode}
 * the given bounds are percentiles rather than values.
 */
public final class IntensityClip extends IntensityTransform {
    private final Double[] lower;
    private final Double[] upper;
    private final boolean percentileMode;
    private final Integer[] chns;

    public IntensityClip(Params p) {
        super("IntensityClip", p);
        lower = boxed(p.getList("lower"));
        upper = boxed(p.getList("upper"));
        percentileMode = p.getBool("percentile_mode", false);
        chns = intsOrNull(p, "channels");
    }

    private static Double[] boxed(java.util.List<?> l) {
        if (l == null) {
            return null;
        }
        Double[] out = new Double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = l.get(i) == null ? null : ((Number) l.get(i)).doubleValue();
        }
        return out;
    }

    @Override
    protected void channel(float[] x, int off, int n, int i, RandomGenerator rng) {
        int c = chns == null ? i : chns[i];
        Double lo = lower == null || c >= lower.length ? null : lower[c];
        Double hi = upper == null || c >= upper.length ? null : upper[c];
        double[] v = lo == null || hi == null || percentileMode ? values(x, off, n) : null;
        double l = lo == null ? Percentile.linear(v, 0.05) : percentileMode ? Percentile.linear(v, lo) : lo;
        double h = hi == null ? Percentile.linear(v, 99.95) : percentileMode ? Percentile.linear(v, hi) : hi;
        for (int j = off; j < off + n; j++) {
            x[j] = (float) Math.min(Math.max(x[j], l), h);
        }
    }
}
