package org.pymic.io.synth;

import java.util.SplittableRandom;

/**
 * One random in-plane change of a structure's mask: disk dilation, disk erosion, or a warp by a
 * smooth displacement field, optionally followed by a warp. {@link #apply} writes the new mask
 * into the label map and gives the voxels the structure lost to their nearest other label.
 */
final class Perturbation {
    private enum Kind { DILATE, ERODE, WARP }

    private final Kind kind;
    private final double radius;
    private final double amplitude;
    private final boolean thenWarp;

    private Perturbation(Kind kind, double radius, double amplitude, boolean thenWarp) {
        this.kind = kind;
        this.radius = radius;
        this.amplitude = amplitude;
        this.thenWarp = thenWarp;
    }

    static Perturbation random(SplittableRandom r, double strength) {
        Kind kind = Kind.values()[r.nextInt(3)];
        double radius = strength * CaseRandom.uniform(r, 1.0, 2.5);
        double amplitude = strength * CaseRandom.uniform(r, 1.5, 3.0);
        return new Perturbation(kind, radius, amplitude, kind != Kind.WARP && r.nextBoolean());
    }

    void apply(float[] lab, int d, int h, int w, int c, SplittableRandom r) {
        int hw = h * w;
        for (int z = 0; z < d; z++) {
            boolean[] m = new boolean[hw];
            boolean any = false;
            for (int i = 0; i < hw; i++) {
                m[i] = Math.round(lab[z * hw + i]) == c;
                any |= m[i];
            }
            if (!any) {
                continue;
            }
            boolean[] t;
            switch (kind) {
                case DILATE:
                    t = SliceMorphology.dilate(m, h, w, radius);
                    break;
                case ERODE:
                    t = SliceMorphology.erode(m, h, w, radius);
                    break;
                default:
                    t = warp(m, h, w, amplitude, r);
            }
            if (thenWarp) {
                t = warp(t, h, w, amplitude * 0.6, r);
            }
            assign(lab, z * hw, h, w, c, t);
        }
    }

    private static boolean[] warp(boolean[] m, int h, int w, double amp, SplittableRandom r) {
        double grid = Math.max(4, (h + w) / 16.0);
        float[] ux = SmoothFields.field(r, h, w, grid, amp);
        float[] uy = SmoothFields.field(r, h, w, grid, amp);
        boolean[] out = new boolean[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int sx = (int) Math.round(x + ux[i]);
                int sy = (int) Math.round(y + uy[i]);
                out[i] = sx >= 0 && sy >= 0 && sx < w && sy < h && m[sy * w + sx];
            }
        }
        return out;
    }

    /** Sets class c exactly on {@code t} in the slice at {@code off}; freed voxels take a neighbour's label. */
    static void assign(float[] lab, int off, int h, int w, int c, boolean[] t) {
        int hw = h * w;
        int[] cur = new int[hw];
        int open = 0;
        for (int i = 0; i < hw; i++) {
            int v = Math.round(lab[off + i]);
            if (t[i]) {
                cur[i] = c;
            } else if (v == c) {
                cur[i] = -1;
                open++;
            } else {
                cur[i] = v;
            }
        }
        while (open > 0) {
            int[] next = cur.clone();
            int filled = 0;
            for (int i = 0; i < hw; i++) {
                if (cur[i] != -1) {
                    continue;
                }
                int x = i % w;
                int y = i / w;
                int v = -1;
                if (x > 0 && cur[i - 1] >= 0 && cur[i - 1] != c) {
                    v = cur[i - 1];
                } else if (x + 1 < w && cur[i + 1] >= 0 && cur[i + 1] != c) {
                    v = cur[i + 1];
                } else if (y > 0 && cur[i - w] >= 0 && cur[i - w] != c) {
                    v = cur[i - w];
                } else if (y + 1 < h && cur[i + w] >= 0 && cur[i + w] != c) {
                    v = cur[i + w];
                }
                if (v >= 0) {
                    next[i] = v;
                    filled++;
                }
            }
            cur = next;
            open -= filled;
            if (filled == 0) {
                for (int i = 0; i < hw; i++) {
                    if (cur[i] == -1) {
                        cur[i] = 0;
                    }
                }
                open = 0;
            }
        }
        for (int i = 0; i < hw; i++) {
            lab[off + i] = cur[i];
        }
    }
}
