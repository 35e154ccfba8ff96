package org.pymic.core.label;

/**
 * Exact Euclidean distance transform in linear time, with anisotropic spacing, on a {@link Grid}.
 *
 * <p>Separable algorithm of Felzenszwalb and Huttenlocher ("Distance Transforms of Sampled
 * Functions", Theory of Computing 8, 2012), equivalent to Meijster et al. (2000): the squared
 * distance is computed by a 1D transform along W, then H, then D (skipped in 2D). Each 1D pass is
 * the lower envelope of the parabolas {@code (x - x_q)^2 + f(q)} with sample positions
 * {@code x_q = q * spacing}, so spacing enters exactly. Lines with no finite value stay infinite.
 *
 * <p>{@link #toSites} gives each voxel's distance to the nearest site (true voxel);
 * {@link #ofMask} gives scipy's {@code distance_transform_edt(mask)}: each mask voxel's
 * distance to the nearest voxel outside the mask, 0 outside.
 */
public final class DistanceTransform {
    private DistanceTransform() {
    }

    /** Distance of every voxel to the nearest true voxel of {@code sites}; +Infinity when there is none. */
    public static double[] toSites(boolean[] sites, Grid grid) {
        double[] f = squaredToSites(sites, grid);
        for (int i = 0; i < f.length; i++) {
            f[i] = Math.sqrt(f[i]);
        }
        return f;
    }

    /** Distance of every mask voxel to the nearest voxel outside the mask (0 outside; +Infinity if all inside). */
    public static double[] ofMask(boolean[] mask, Grid grid) {
        boolean[] outside = new boolean[mask.length];
        for (int i = 0; i < mask.length; i++) {
            outside[i] = !mask[i];
        }
        return toSites(outside, grid);
    }

    /** Squared distance of every voxel to the nearest site; +Infinity when there is none. */
    public static double[] squaredToSites(boolean[] sites, Grid grid) {
        grid.check(sites, "sites");
        int d0 = grid.depth();
        int h0 = grid.height();
        int w0 = grid.width();
        double[] f = new double[sites.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = sites[i] ? 0 : Double.POSITIVE_INFINITY;
        }
        int longest = Math.max(d0, Math.max(h0, w0));
        Line line = new Line(longest);
        // along W: lines start at every (d, h), stride 1
        for (int d = 0; d < d0; d++) {
            for (int h = 0; h < h0; h++) {
                line.transform(f, grid.index(d, h, 0), 1, w0, grid.spacingW());
            }
        }
        // along H: stride W
        for (int d = 0; d < d0; d++) {
            for (int w = 0; w < w0; w++) {
                line.transform(f, grid.index(d, 0, w), w0, h0, grid.spacingH());
            }
        }
        if (!grid.is2d()) {
            int plane = h0 * w0;
            for (int i = 0; i < plane; i++) {
                line.transform(f, i, plane, d0, grid.spacingD());
            }
        }
        return f;
    }

    /** Work buffers of the 1D transform, reused across lines. */
    private static final class Line {
        private final double[] in;
        private final int[] v;
        private final double[] z;

        Line(int n) {
            in = new double[n];
            v = new int[n];
            z = new double[n + 1];
        }

        /** In-place 1D squared-distance transform of {@code n} values from {@code start} every {@code stride}. */
        void transform(double[] f, int start, int stride, int n, double s) {
            for (int q = 0; q < n; q++) {
                in[q] = f[start + q * stride];
            }
            int k = -1;
            for (int q = 0; q < n; q++) {
                if (in[q] == Double.POSITIVE_INFINITY) {
                    continue;
                }
                if (k < 0) {
                    k = 0;
                    v[0] = q;
                    z[0] = Double.NEGATIVE_INFINITY;
                    z[1] = Double.POSITIVE_INFINITY;
                    continue;
                }
                // pop parabolas hidden by the new one; z[0] = -inf stops the loop at k = 0
                double sx = intersection(in, v[k], q, s);
                while (sx <= z[k]) {
                    k--;
                    sx = intersection(in, v[k], q, s);
                }
                k++;
                v[k] = q;
                z[k] = sx;
                z[k + 1] = Double.POSITIVE_INFINITY;
            }
            if (k < 0) {
                return; // no finite value: the line stays infinite
            }
            k = 0;
            for (int q = 0; q < n; q++) {
                double xq = q * s;
                while (z[k + 1] < xq) {
                    k++;
                }
                double dx = xq - v[k] * s;
                f[start + q * stride] = dx * dx + in[v[k]];
            }
        }

        /** Position where the parabola rooted at sample {@code q} meets the one rooted at {@code p < q}. */
        private static double intersection(double[] g, int p, int q, double s) {
            double xp = p * s;
            double xq = q * s;
            return ((g[q] + xq * xq) - (g[p] + xp * xp)) / (2 * (xq - xp));
        }
    }

}
