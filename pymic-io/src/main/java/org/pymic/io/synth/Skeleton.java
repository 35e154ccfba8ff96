package org.pymic.io.synth;

import java.util.ArrayDeque;

/**
 * Thinning and path helpers for scribble strokes. {@link #thin} is the parallel thinning of Zhang
 * and Suen ("A fast parallel algorithm for thinning digital patterns", CACM 27(3), 1984): two
 * sub-iterations remove border pixels with 2-6 neighbours and one 0-1 transition around them until
 * nothing changes, leaving an 8-connected one-pixel-wide skeleton.
 */
final class Skeleton {
    private static final int[] DY = {-1, -1, 0, 1, 1, 1, 0, -1};
    private static final int[] DX = {0, 1, 1, 1, 0, -1, -1, -1};

    private Skeleton() {
    }

    static boolean[] thin(boolean[] mask, int h, int w) {
        boolean[] m = mask.clone();
        boolean changed = true;
        boolean[] remove = new boolean[h * w];
        while (changed) {
            changed = false;
            for (int pass = 0; pass < 2; pass++) {
                int removed = 0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        remove[y * w + x] = m[y * w + x] && removable(m, h, w, y, x, pass);
                        if (remove[y * w + x]) {
                            removed++;
                        }
                    }
                }
                if (removed > 0) {
                    changed = true;
                    for (int i = 0; i < m.length; i++) {
                        if (remove[i]) {
                            m[i] = false;
                        }
                    }
                }
            }
        }
        return m;
    }

    private static boolean removable(boolean[] m, int h, int w, int y, int x, int pass) {
        boolean[] p = new boolean[8];
        int count = 0;
        for (int k = 0; k < 8; k++) {
            int yy = y + DY[k];
            int xx = x + DX[k];
            p[k] = yy >= 0 && yy < h && xx >= 0 && xx < w && m[yy * w + xx];
            if (p[k]) {
                count++;
            }
        }
        if (count < 2 || count > 6) {
            return false;
        }
        int transitions = 0;
        for (int k = 0; k < 8; k++) {
            if (!p[k] && p[(k + 1) % 8]) {
                transitions++;
            }
        }
        if (transitions != 1) {
            return false;
        }
        // p[0]=N (P2), p[2]=E (P4), p[4]=S (P6), p[6]=W (P8)
        if (pass == 0) {
            return !(p[0] && p[2] && p[4]) && !(p[2] && p[4] && p[6]);
        }
        return !(p[0] && p[2] && p[6]) && !(p[0] && p[4] && p[6]);
    }

    /**
     * Geodesic (8-connected) distances inside {@code mask} from {@code start}; -1 where unreachable.
     */
    static int[] geodesic(boolean[] mask, int h, int w, int start) {
        int[] dist = new int[h * w];
        java.util.Arrays.fill(dist, -1);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        dist[start] = 0;
        queue.add(start);
        while (!queue.isEmpty()) {
            int i = queue.poll();
            int y = i / w;
            int x = i % w;
            for (int k = 0; k < 8; k++) {
                int yy = y + DY[k];
                int xx = x + DX[k];
                if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                    int j = yy * w + xx;
                    if (mask[j] && dist[j] < 0) {
                        dist[j] = dist[i] + 1;
                        queue.add(j);
                    }
                }
            }
        }
        return dist;
    }
}
