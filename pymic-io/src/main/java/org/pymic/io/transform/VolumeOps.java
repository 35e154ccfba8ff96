package org.pymic.io.transform;

import org.pymic.core.image.Volume;

/**
 * Exact (non-interpolating) spatial operations on every channel of a {@link Volume}: crop, paste,
 * reflect padding, flips, axis transposes and quarter turns. Spatial vectors are in array order
 * {D, H, W}. Geometry (spacing, origin, direction) is kept from the input volume.
 */
public final class VolumeOps {
    private VolumeOps() {
    }

    /** Spatial shape {D, H, W}. */
    public static int[] spatial(Volume v) {
        return new int[] {v.depth(), v.height(), v.width()};
    }

    /**
     * The box [min, min + size) of {@code v}; voxels of the box outside the volume are 0 (so a box
     * larger than the image pads with zeros, as a crop near the border must).
     */
    public static Volume crop(Volume v, int[] min, int[] size) {
        int c = v.channels();
        float[] src = v.data();
        float[] out = new float[c * size[0] * size[1] * size[2]];
        int d0 = v.depth();
        int h0 = v.height();
        int w0 = v.width();
        int o = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int d = 0; d < size[0]; d++) {
                int sd = d + min[0];
                for (int h = 0; h < size[1]; h++) {
                    int sh = h + min[1];
                    boolean rowIn = sd >= 0 && sd < d0 && sh >= 0 && sh < h0;
                    int base = ((ch * d0 + sd) * h0 + sh) * w0;
                    for (int w = 0; w < size[2]; w++, o++) {
                        int sw = w + min[2];
                        if (rowIn && sw >= 0 && sw < w0) {
                            out[o] = src[base + sw];
                        }
                    }
                }
            }
        }
        return v.withData(out, c, size[0], size[1], size[2]);
    }

    /** A zero volume of spatial shape {@code shape} with {@code part} written at {@code min}. */
    public static Volume paste(Volume part, int[] shape, int[] min) {
        // cropping the part with a negative offset places it at min inside a canvas-sized box
        return crop(part, new int[] {-min[0], -min[1], -min[2]}, shape);
    }

    /**
     * Pads with numpy's {@code reflect} mode (mirror without repeating the edge voxel):
     * {@code lower[i]} voxels before and {@code upper[i]} after along axis i.
     */
    public static Volume padReflect(Volume v, int[] lower, int[] upper) {
        int[] in = spatial(v);
        int[] size = {in[0] + lower[0] + upper[0], in[1] + lower[1] + upper[1], in[2] + lower[2] + upper[2]};
        int[][] map = new int[3][];
        for (int a = 0; a < 3; a++) {
            map[a] = new int[size[a]];
            for (int i = 0; i < size[a]; i++) {
                map[a][i] = reflect(i - lower[a], in[a]);
            }
        }
        return gather(v, size, map);
    }

    /** numpy reflect index: ... 2 1 | 0 1 2 ... n-1 | n-2 ... */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /** Flips the axes whose flag is set, flags in order {D, H, W}. */
    public static Volume flip(Volume v, boolean[] axes) {
        int[] s = spatial(v);
        int[][] map = new int[3][];
        for (int a = 0; a < 3; a++) {
            map[a] = new int[s[a]];
            for (int i = 0; i < s[a]; i++) {
                map[a][i] = axes[a] ? s[a] - 1 - i : i;
            }
        }
        return gather(v, s, map);
    }

    /** out[c][i0][i1][i2] = v[c][j0][j1][j2] with j = map per axis (separable index maps). */
    static Volume gather(Volume v, int[] size, int[][] map) {
        int c = v.channels();
        int h0 = v.height();
        int w0 = v.width();
        int d0 = v.depth();
        float[] src = v.data();
        float[] out = new float[c * size[0] * size[1] * size[2]];
        int o = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int d = 0; d < size[0]; d++) {
                for (int h = 0; h < size[1]; h++) {
                    int base = ((ch * d0 + map[0][d]) * h0 + map[1][h]) * w0;
                    for (int w = 0; w < size[2]; w++) {
                        out[o++] = src[base + map[2][w]];
                    }
                }
            }
        }
        return v.withData(out, c, size[0], size[1], size[2]);
    }

    /**
     * Permutes the spatial axes: output axis i is input axis {@code perm[i]} (perm over 0 = D,
     * 1 = H, 2 = W). Spacing is permuted with the axes.
     */
    public static Volume transpose(Volume v, int[] perm) {
        int[] in = spatial(v);
        int[] size = {in[perm[0]], in[perm[1]], in[perm[2]]};
        int[] stride = {in[1] * in[2], in[2], 1};
        int c = v.channels();
        int n = v.voxels();
        float[] src = v.data();
        float[] out = new float[src.length];
        int o = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int a = 0; a < size[0]; a++) {
                for (int b = 0; b < size[1]; b++) {
                    for (int e = 0; e < size[2]; e++) {
                        out[o++] = src[ch * n + a * stride[perm[0]] + b * stride[perm[1]] + e * stride[perm[2]]];
                    }
                }
            }
        }
        double[] sp = v.spacing(); // x = W, y = H, z = D
        double[] byAxis = {sp[2], sp[1], sp[0]};
        double[] nsp = {byAxis[perm[2]], byAxis[perm[1]], byAxis[perm[0]]};
        return new Volume(out, c, size[0], size[1], size[2], nsp, v.origin(), v.direction(), v.header());
    }

    /**
     * Rotates each H x W slice by {@code k} quarter turns counter-clockwise, as
     * {@code numpy.rot90(x, k, axes=(-2, -1))}: one turn maps out[h][w] = in[w][W-1-h].
     */
    public static Volume rot90(Volume v, int k) {
        int turns = Math.floorMod(k, 4);
        Volume r = v;
        for (int t = 0; t < turns; t++) {
            // rot90 once = transpose H and W, then flip the new H axis
            r = flip(transpose(r, new int[] {0, 2, 1}), new boolean[] {false, true, false});
        }
        return r;
    }
}
