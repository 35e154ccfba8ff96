package org.pymic.core.label;

/**
 * The surface (border) voxels of a mask: mask voxels with at least one face neighbour outside the
 * mask, where positions outside the image count as outside. This is {@code mask & ~erosion(mask)}
 * with a face-connected structuring element and scipy's default {@code border_value=0}, the border
 * definition of medpy and PyMIC's {@code get_edge_points}. In 2D (depth 1) only the four in-plane
 * neighbours are considered.
 */
public final class Surface {
    private Surface() {
    }

    /** Surface voxels of {@code mask}. */
    public static boolean[] of(boolean[] mask, Grid grid) {
        grid.check(mask, "mask");
        int d0 = grid.depth();
        int h0 = grid.height();
        int w0 = grid.width();
        int plane = h0 * w0;
        boolean threeD = !grid.is2d();
        boolean[] out = new boolean[mask.length];
        for (int d = 0; d < d0; d++) {
            for (int h = 0; h < h0; h++) {
                int row = grid.index(d, h, 0);
                for (int w = 0; w < w0; w++) {
                    int i = row + w;
                    if (!mask[i]) {
                        continue;
                    }
                    boolean border = w == 0 || !mask[i - 1] || w == w0 - 1 || !mask[i + 1]
                            || h == 0 || !mask[i - w0] || h == h0 - 1 || !mask[i + w0]
                            || (threeD && (d == 0 || !mask[i - plane] || d == d0 - 1 || !mask[i + plane]));
                    out[i] = border;
                }
            }
        }
        return out;
    }

    /** Number of true voxels. */
    public static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            if (b) {
                n++;
            }
        }
        return n;
    }
}
