package org.pymic.train.method;

import java.util.Locale;

/**
 * Ramp-up ratio of a regularisation weight, as PyMIC's {@code get_rampup_ratio(i, start, end, mode)}:
 * the iteration is clipped to [start, end], then with {@code t = (i - start) / (end - start)}
 * <ul>
 *   <li>linear: {@code t};</li>
 *   <li>sigmoid: {@code exp(-5 (1 - t)^2)} (Laine and Aila, "Temporal Ensembling for Semi-Supervised
 *       Learning", ICLR 2017);</li>
 *   <li>cosine: {@code 0.5 (cos(pi (1 - t)) + 1)}.</li>
 * </ul>
 * An empty interval ({@code end <= start}) gives 1 from {@code start} on.
 */
public final class Rampup {
    private Rampup() {
    }

    public static double ratio(int iteration, int start, int end, String mode) {
        if (end <= start) {
            return iteration >= start ? 1.0 : 0.0;
        }
        double i = Math.min(Math.max(iteration, start), end);
        double t = (i - start) / (end - start);
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "linear" -> t;
            case "sigmoid" -> Math.exp(-5.0 * (1 - t) * (1 - t));
            case "cosine" -> 0.5 * (Math.cos(Math.PI * (1 - t)) + 1);
            default -> throw new org.pymic.core.error.PymicException(org.pymic.core.error.ExitCode.CONFIG,
                    "ramp-up mode expects linear, sigmoid or cosine, got '" + mode + "'");
        };
    }
}
