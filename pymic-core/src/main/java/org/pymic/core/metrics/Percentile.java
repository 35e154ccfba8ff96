package org.pymic.core.metrics;

import java.util.Arrays;

/**
 * Percentiles with linear interpolation between order statistics, numpy's default
 * ({@code method='linear'}): for sorted values {@code a[0..n-1]} and {@code q} in [0, 100] the
 * position is {@code p = q/100 * (n-1)} and the result {@code a[floor p] + (p - floor p) *
 * (a[ceil p] - a[floor p])}.
 */
public final class Percentile {
    private Percentile() {
    }

    /** The q-th percentile of {@code values} (not modified); NaN when empty. */
    public static double linear(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        if (q < 0 || q > 100) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + q);
        }
        double[] a = values.clone();
        Arrays.sort(a);
        double p = q / 100.0 * (a.length - 1);
        int lo = (int) Math.floor(p);
        int hi = Math.min(lo + 1, a.length - 1);
        double t = p - lo;
        return t == 0 ? a[lo] : a[lo] + t * (a[hi] - a[lo]);
    }
}
