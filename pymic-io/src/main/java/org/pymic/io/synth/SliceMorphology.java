package org.pymic.io.synth;

/**
 * In-plane (per slice) binary morphology on {@code boolean[h*w]} masks, built on the exact squared
 * Euclidean distance transform of Felzenszwalb and Huttenlocher ("Distance Transforms of Sampled
 * Functions", Theory of Computing 8, 2012): a lower envelope of parabolas, one pass per axis.
 * Disk dilation by r is {@code dist(x, M) <= r}; disk erosion is {@code dist(x, not M) > r}.
 * Outside the image counts as not in the mask.
 */
final class SliceMorphology {
    private static final double INF = 1e20;

    private SliceMorphology() {
    }

    /** Squared Euclidean distance of each pixel to the nearest pixel where {@code target} is true. */
    static double[] squaredDistanceTo(boolean[] target, int h, int w) {
        double[] f = new double[h * w];
        for (int i = 0; i < f.length; i++) {
            f[i] = target[i] ? 0 : INF;
        }
        double[] line = new double[Math.max(h, w)];
        double[] out = new double[Math.max(h, w)];
        for (int y = 0; y < h; y++) {
            System.arraycopy(f, y * w, line, 0, w);
            transform1d(line, w, out);
            System.arraycopy(out, 0, f, y * w, w);
        }
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                line[y] = f[y * w + x];
            }
            transform1d(line, h, out);
            for (int y = 0; y < h; y++) {
                f[y * w + x] = out[y];
            }
        }
        return f;
    }

    /**
     * Squared distance of each mask pixel to the nearest non-mask pixel, with a one-pixel frame of
     * non-mask around the image (so the border bounds the depth); 0 outside the mask.
     */
    static double[] squaredDepth(boolean[] mask, int h, int w) {
        int hh = h + 2;
        int ww = w + 2;
        boolean[] outside = new boolean[hh * ww];
        for (int y = 0; y < hh; y++) {
            for (int x = 0; x < ww; x++) {
                boolean in = y > 0 && y <= h && x > 0 && x <= w && mask[(y - 1) * w + (x - 1)];
                outside[y * ww + x] = !in;
            }
        }
        double[] d = squaredDistanceTo(outside, hh, ww);
        double[] res = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                res[y * w + x] = d[(y + 1) * ww + (x + 1)];
            }
        }
        return res;
    }

    static boolean[] dilate(boolean[] mask, int h, int w, double r) {
        double[] d = squaredDistanceTo(mask, h, w);
        boolean[] out = new boolean[h * w];
        double r2 = r * r;
        for (int i = 0; i < out.length; i++) {
            out[i] = d[i] <= r2;
        }
        return out;
    }

    static boolean[] erode(boolean[] mask, int h, int w, double r) {
        double[] d = squaredDepth(mask, h, w);
        boolean[] out = new boolean[h * w];
        double r2 = r * r;
        for (int i = 0; i < out.length; i++) {
            out[i] = mask[i] && d[i] > r2;
        }
        return out;
    }

    static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    private static void transform1d(double[] f, int n, double[] d) {
        int[] v = new int[n];
        double[] z = new double[n + 1];
        int k = 0;
        v[0] = 0;
        z[0] = -INF;
        z[1] = INF;
        for (int q = 1; q < n; q++) {
            double s = ((f[q] + (double) q * q) - (f[v[k]] + (double) v[k] * v[k])) / (2.0 * q - 2.0 * v[k]);
            while (s <= z[k]) {
                k--;
                s = ((f[q] + (double) q * q) - (f[v[k]] + (double) v[k] * v[k])) / (2.0 * q - 2.0 * v[k]);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = INF;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q) {
                k++;
            }
            double dq = q - v[k];
            d[q] = dq * dq + f[v[k]];
        }
    }
}
