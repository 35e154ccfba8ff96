package org.pymic.core.metrics;

/**
 * Mean and standard deviation of one metric over cases, leaving out NaN values (undefined scores).
 * The standard deviation is the population one (numpy's default {@code ddof=0}, as PyMIC reports).
 *
 * @param mean     mean of the defined values; NaN when there is none
 * @param std      population standard deviation of the defined values; NaN when there is none
 * @param count    number of defined values
 * @param excluded number of NaN values left out
 */
public record Summary(double mean, double std, int count, int excluded) {

    public static Summary of(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        int excluded = values.length - n;
        if (n == 0) {
            return new Summary(Double.NaN, Double.NaN, 0, excluded);
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        return new Summary(mean, Math.sqrt(ss / n), n, excluded);
    }
}
