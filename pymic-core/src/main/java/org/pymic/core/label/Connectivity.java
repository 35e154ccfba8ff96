package org.pymic.core.label;

/**
 * Which voxels count as neighbours: those sharing a face (4 in 2D, 6 in 3D; scipy's
 * {@code generate_binary_structure(n, 1)}) or those sharing a face, edge or corner (8 in 2D,
 * 26 in 3D; {@code generate_binary_structure(n, n)}).
 */
public enum Connectivity {
    FACE,
    FULL;

    /** Neighbour offsets {dd, dh, dw}; in 2D only offsets with dd = 0. */
    int[][] offsets(boolean twoD) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        int dRange = twoD ? 0 : 1;
        for (int dd = -dRange; dd <= dRange; dd++) {
            for (int dh = -1; dh <= 1; dh++) {
                for (int dw = -1; dw <= 1; dw++) {
                    int steps = Math.abs(dd) + Math.abs(dh) + Math.abs(dw);
                    if (steps == 0 || (this == FACE && steps > 1)) {
                        continue;
                    }
                    out.add(new int[] {dd, dh, dw});
                }
            }
        }
        return out.toArray(new int[0][]);
    }
}
