package org.pymic.io.synth;

import java.util.SplittableRandom;

/**
 * Smooth random fields and in-plane Gaussian blur for the synthetic data. A smooth field is
 * Gaussian white noise on a coarse control grid (spacing {@code g} pixels) upsampled bilinearly,
 * which gives a random field correlated over about {@code g} pixels at little cost.
 */
final class SmoothFields {
    private SmoothFields() {
    }

    /** A smooth field of shape h x w with standard deviation {@code sigma} at control points. */
    static float[] field(SplittableRandom r, int h, int w, double grid, double sigma) {
        int gh = (int) Math.ceil((h - 1) / grid) + 2;
        int gw = (int) Math.ceil((w - 1) / grid) + 2;
        double[] c = new double[gh * gw];
        for (int i = 0; i < c.length; i++) {
            c[i] = sigma * CaseRandom.gaussian(r);
        }
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            double gy = y / grid;
            int y0 = (int) gy;
            double ty = gy - y0;
            for (int x = 0; x < w; x++) {
                double gx = x / grid;
                int x0 = (int) gx;
                double tx = gx - x0;
                double v = (1 - ty) * ((1 - tx) * c[y0 * gw + x0] + tx * c[y0 * gw + x0 + 1])
                        + ty * ((1 - tx) * c[(y0 + 1) * gw + x0] + tx * c[(y0 + 1) * gw + x0 + 1]);
                out[y * w + x] = (float) v;
            }
        }
        return out;
    }

    /** Separable Gaussian blur of one h x w slice (stored at {@code off}) with edge clamping. */
    static void blurSlice(float[] data, int off, int h, int w, double sigma) {
        if (sigma <= 0.05) {
            return;
        }
        int rad = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] k = new double[2 * rad + 1];
        double sum = 0;
        for (int i = -rad; i <= rad; i++) {
            k[i + rad] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + rad];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        float[] tmp = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 0;
                for (int i = -rad; i <= rad; i++) {
                    int xx = Math.min(w - 1, Math.max(0, x + i));
                    v += k[i + rad] * data[off + y * w + xx];
                }
                tmp[y * w + x] = (float) v;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 0;
                for (int i = -rad; i <= rad; i++) {
                    int yy = Math.min(h - 1, Math.max(0, y + i));
                    v += k[i + rad] * tmp[yy * w + x];
                }
                data[off + y * w + x] = (float) v;
            }
        }
    }
}
