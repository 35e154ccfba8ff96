package org.pymic.core.label;

/** Quadratic reference implementations for tests: every pair of voxels is compared. */
final class BruteForce {
    private BruteForce() {
    }

    /** Physical distance between voxels i and j. */
    static double distance(Grid g, int i, int j) {
        int[] a = coords(g, i);
        int[] b = coords(g, j);
        double dz = (a[0] - b[0]) * g.spacingD();
        double dy = (a[1] - b[1]) * g.spacingH();
        double dx = (a[2] - b[2]) * g.spacingW();
        return Math.sqrt(dz * dz + dy * dy + dx * dx);
    }

    static int[] coords(Grid g, int i) {
        return new int[] {i / (g.height() * g.width()), (i / g.width()) % g.height(), i % g.width()};
    }

    /** Distance from every voxel to the nearest site, by trying all sites. */
    static double[] edt(boolean[] sites, Grid g) {
        double[] out = new double[sites.length];
        for (int i = 0; i < sites.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < sites.length; j++) {
                if (sites[j]) {
                    best = Math.min(best, distance(g, i, j));
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Surface by explicit coordinate checks of the 4 (2D) or 6 (3D) face neighbours. */
    static boolean[] surface(boolean[] mask, Grid g) {
        boolean[] out = new boolean[mask.length];
        int[][] dirs = {{0, 0, 1}, {0, 0, -1}, {0, 1, 0}, {0, -1, 0}, {1, 0, 0}, {-1, 0, 0}};
        for (int i = 0; i < mask.length; i++) {
            if (!mask[i]) {
                continue;
            }
            int[] c = coords(g, i);
            for (int[] d : dirs) {
                if (g.depth() == 1 && d[0] != 0) {
                    continue;
                }
                int z = c[0] + d[0];
                int y = c[1] + d[1];
                int x = c[2] + d[2];
                boolean inside = z >= 0 && z < g.depth() && y >= 0 && y < g.height() && x >= 0 && x < g.width();
                if (!inside || !mask[g.index(z, y, x)]) {
                    out[i] = true;
                }
            }
        }
        return out;
    }

    /** Directed distances from each surface voxel of a to the nearest surface voxel of b. */
    static double[] directed(boolean[] a, boolean[] b, Grid g) {
        boolean[] sa = surface(a, g);
        boolean[] sb = surface(b, g);
        java.util.List<Double> out = new java.util.ArrayList<>();
        for (int i = 0; i < sa.length; i++) {
            if (!sa[i]) {
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < sb.length; j++) {
                if (sb[j]) {
                    best = Math.min(best, distance(g, i, j));
                }
            }
            out.add(best);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Random mask: a few random boxes, or scattered voxels with probability p. */
    static boolean[] randomMask(java.util.Random r, Grid g, double p) {
        boolean[] m = new boolean[g.size()];
        if (r.nextBoolean()) {
            for (int i = 0; i < m.length; i++) {
                m[i] = r.nextDouble() < p;
            }
        } else {
            int boxes = 1 + r.nextInt(3);
            for (int k = 0; k < boxes; k++) {
                int d0 = r.nextInt(g.depth());
                int h0 = r.nextInt(g.height());
                int w0 = r.nextInt(g.width());
                int d1 = Math.min(g.depth(), d0 + 1 + r.nextInt(4));
                int h1 = Math.min(g.height(), h0 + 1 + r.nextInt(6));
                int w1 = Math.min(g.width(), w0 + 1 + r.nextInt(6));
                for (int d = d0; d < d1; d++) {
                    for (int h = h0; h < h1; h++) {
                        for (int w = w0; w < w1; w++) {
                            m[g.index(d, h, w)] = true;
                        }
                    }
                }
            }
        }
        return m;
    }
}
