package org.pymic.train.infer;

/**
 * Plain-array block operations of the sliding-window inferer on arrays laid out as
 * {@code [n][c][z][y][x]} (x fastest): axis swaps, zero padding, cropping, window extraction,
 * weighted accumulation and flips.
 */
final class ArrayOps {
    private ArrayOps() {
    }

    /** (a, b, inner) to (b, a, inner). */
    static float[] swapFirstAxes(float[] src, int a, int b, int inner) {
        float[] out = new float[src.length];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(src, (i * b + j) * inner, out, (j * a + i) * inner, inner);
            }
        }
        return out;
    }

    /** Zero-pads each of {@code planes} blocks of size {@code s} to {@code p}, {@code before} voxels first. */
    static float[] pad(float[] src, int planes, int[] s, int[] p, int[] before) {
        float[] out = new float[planes * p[0] * p[1] * p[2]];
        for (int q = 0; q < planes; q++) {
            for (int z = 0; z < s[0]; z++) {
                for (int y = 0; y < s[1]; y++) {
                    int si = ((q * s[0] + z) * s[1] + y) * s[2];
                    int di = ((q * p[0] + z + before[0]) * p[1] + y + before[1]) * p[2] + before[2];
                    System.arraycopy(src, si, out, di, s[2]);
                }
            }
        }
        return out;
    }

    /** Inverse of {@link #pad}. */
    static float[] crop(float[] src, int planes, int[] p, int[] s, int[] before) {
        float[] out = new float[planes * s[0] * s[1] * s[2]];
        for (int q = 0; q < planes; q++) {
            for (int z = 0; z < s[0]; z++) {
                for (int y = 0; y < s[1]; y++) {
                    int di = ((q * s[0] + z) * s[1] + y) * s[2];
                    int si = ((q * p[0] + z + before[0]) * p[1] + y + before[1]) * p[2] + before[2];
                    System.arraycopy(src, si, out, di, s[2]);
                }
            }
        }
        return out;
    }

    /** Items n0..n0+nb of an (N, C, p) array, cut to the window at {@code start}: (nb, C, win). */
    static float[] extract(float[] src, int n0, int nb, int c, int[] p, int[] start, int[] win) {
        float[] out = new float[nb * c * win[0] * win[1] * win[2]];
        int o = 0;
        for (int q = n0 * c; q < (n0 + nb) * c; q++) {
            for (int z = 0; z < win[0]; z++) {
                for (int y = 0; y < win[1]; y++) {
                    int si = ((q * p[0] + z + start[0]) * p[1] + y + start[1]) * p[2] + start[2];
                    System.arraycopy(src, si, out, o, win[2]);
                    o += win[2];
                }
            }
        }
        return out;
    }

    /**
     * {@code acc[n0+i][k][start+v] += values[i][k][v] * g[v] * scale} for a window of values (nb, k, win);
     * with {@code values == null} the weights alone are added (acc then has one plane).
     */
    static void addWindow(float[] acc, int n0, int nb, int k, int[] p, int[] start, int[] win,
                          float[] values, float[] g, float scale) {
        int wv = win[0] * win[1] * win[2];
        for (int q = 0; q < nb * k; q++) {
            int plane = n0 * k + q;
            for (int z = 0; z < win[0]; z++) {
                for (int y = 0; y < win[1]; y++) {
                    int di = ((plane * p[0] + z + start[0]) * p[1] + y + start[1]) * p[2] + start[2];
                    int gi = (z * win[1] + y) * win[2];
                    int vi = q * wv + gi;
                    for (int x = 0; x < win[2]; x++) {
                        float v = values == null ? 1f : values[vi + x];
                        acc[di + x] += v * g[gi + x] * scale;
                    }
                }
            }
        }
    }

    /** A copy with each of {@code planes} (h, w) planes flipped along H and/or W. */
    static float[] flip(float[] src, int planes, int h, int w, boolean fh, boolean fw) {
        if (!fh && !fw) {
            return src;
        }
        float[] out = new float[src.length];
        for (int q = 0; q < planes; q++) {
            for (int y = 0; y < h; y++) {
                int sy = fh ? h - 1 - y : y;
                int si = (q * h + sy) * w;
                int di = (q * h + y) * w;
                if (fw) {
                    for (int x = 0; x < w; x++) {
                        out[di + x] = src[si + w - 1 - x];
                    }
                } else {
                    System.arraycopy(src, si, out, di, w);
                }
            }
        }
        return out;
    }
}
