package org.pymic.core.label;

/**
 * Labels the connected components of a mask on a {@link Grid} by breadth-first flood fill, with
 * face or full {@link Connectivity}, in 2D (depth 1) or 3D. Linear in the number of voxels.
 */
public final class ConnectedComponents {
    private ConnectedComponents() {
    }

    /** The components of {@code mask}. */
    public static Components label(boolean[] mask, Grid grid, Connectivity connectivity) {
        grid.check(mask, "mask");
        int d0 = grid.depth();
        int h0 = grid.height();
        int w0 = grid.width();
        int[][] offsets = connectivity.offsets(grid.is2d());
        int[] labels = new int[mask.length];
        int[] queue = new int[mask.length];
        long[] sizes = new long[16];
        int count = 0;
        for (int seed = 0; seed < mask.length; seed++) {
            if (!mask[seed] || labels[seed] != 0) {
                continue;
            }
            count++;
            labels[seed] = count;
            int head = 0;
            int tail = 0;
            queue[tail++] = seed;
            while (head < tail) {
                int i = queue[head++];
                int w = i % w0;
                int h = (i / w0) % h0;
                int d = i / (w0 * h0);
                for (int[] o : offsets) {
                    int dd = d + o[0];
                    int hh = h + o[1];
                    int ww = w + o[2];
                    if (dd < 0 || dd >= d0 || hh < 0 || hh >= h0 || ww < 0 || ww >= w0) {
                        continue;
                    }
                    int j = grid.index(dd, hh, ww);
                    if (mask[j] && labels[j] == 0) {
                        labels[j] = count;
                        queue[tail++] = j;
                    }
                }
            }
            if (count >= sizes.length) {
                sizes = java.util.Arrays.copyOf(sizes, sizes.length * 2);
            }
            sizes[count] = tail;
        }
        return new Components(labels, java.util.Arrays.copyOf(sizes, count + 1));
    }
}
