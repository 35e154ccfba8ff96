package org.pymic.core.metrics;

import java.util.ArrayList;
import java.util.List;
import org.pymic.core.label.Grid;

/**
 * Independent reference for surface metrics in tests: surfaces by coordinate checks, distances by
 * comparing every pair of surface voxels, percentile by numpy's (n-1) rule written as a weighted
 * sum of neighbours.
 */
final class MetricsReference {
    private MetricsReference() {
    }

    static int[] xyz(Grid g, int i) {
        return new int[] {i % g.width(), (i / g.width()) % g.height(), i / (g.width() * g.height())};
    }

    static List<Integer> surface(boolean[] m, Grid g) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < m.length; i++) {
            if (!m[i]) {
                continue;
            }
            int[] c = xyz(g, i);
            boolean border = false;
            for (int axis = 0; axis < (g.depth() == 1 ? 2 : 3); axis++) {
                for (int step = -1; step <= 1; step += 2) {
                    int[] n = c.clone();
                    n[axis] += step;
                    if (n[0] < 0 || n[1] < 0 || n[2] < 0 || n[0] >= g.width() || n[1] >= g.height() || n[2] >= g.depth()
                            || !m[g.index(n[2], n[1], n[0])]) {
                        border = true;
                    }
                }
            }
            if (border) {
                out.add(i);
            }
        }
        return out;
    }

    static double[] directed(boolean[] a, boolean[] b, Grid g) {
        List<Integer> sa = surface(a, g);
        List<Integer> sb = surface(b, g);
        double[] s = g.spacing();
        double[] out = new double[sa.size()];
        for (int k = 0; k < sa.size(); k++) {
            int[] p = xyz(g, sa.get(k));
            double best = Double.MAX_VALUE;
            for (int j : sb) {
                int[] q = xyz(g, j);
                double sum = 0;
                for (int ax = 0; ax < 3; ax++) {
                    double d = (p[ax] - q[ax]) * s[ax];
                    sum += d * d;
                }
                best = Math.min(best, Math.sqrt(sum));
            }
            out[k] = best;
        }
        return out;
    }

    static double percentile95(double[] a, double[] b) {
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        java.util.Arrays.sort(all);
        double pos = 0.95 * (all.length - 1);
        int i = (int) pos;
        double frac = pos - i;
        return i + 1 < all.length ? (1 - frac) * all[i] + frac * all[i + 1] : all[i];
    }

    static double mean(double[] a) {
        return java.util.Arrays.stream(a).average().orElse(Double.NaN);
    }
}
