package org.pymic.io.transform;

import org.pymic.core.image.Volume;

/**
 * Interpolating spatial operations, following scipy.ndimage conventions so results match PyMIC:
 * {@link #resize} is {@code ndimage.zoom} (corner-aligned grid: output index i samples input
 * coordinate {@code i * (n_in - 1) / (n_out - 1)}), {@link #rotate} is {@code ndimage.rotate(...,
 * reshape=False)} about the slice centre with zero fill, and {@link #warpSlices} applies an in-plane
 * affine map with mirror boundary (as PyMIC's {@code Affine}). Linear interpolation is separable
 * (trilinear / bilinear); nearest rounds the coordinate half up.
 */
public final class Resampling {
    private Resampling() {
    }

    /** Resizes every channel to spatial shape {@code size} = {D, H, W}. */
    public static Volume resize(Volume v, int[] size, Interpolation mode) {
        Volume r = v;
        for (int axis = 2; axis >= 0; axis--) {
            r = resizeAxis(r, axis, size[axis], mode);
        }
        return r;
    }

    private static Volume resizeAxis(Volume v, int axis, int outLen, Interpolation mode) {
        int[] s = VolumeOps.spatial(v);
        int inLen = s[axis];
        if (inLen == outLen) {
            return v;
        }
        int[] lo = new int[outLen];
        float[] t = new float[outLen];
        double scale = outLen > 1 ? (inLen - 1.0) / (outLen - 1.0) : 0.0;
        for (int i = 0; i < outLen; i++) {
            double x = i * scale;
            if (mode == Interpolation.NEAREST) {
                lo[i] = Math.min(inLen - 1, (int) Math.floor(x + 0.5));
            } else {
                int f = Math.min((int) Math.floor(x), inLen - 1);
                lo[i] = f;
                t[i] = (float) (x - f);
            }
        }
        int[] os = s.clone();
        os[axis] = outLen;
        int c = v.channels();
        int outer = c * (axis >= 1 ? s[0] : 1) * (axis == 2 ? s[1] : 1);
        int inner = axis == 0 ? s[1] * s[2] : axis == 1 ? s[2] : 1;
        float[] src = v.data();
        float[] out = new float[outer * outLen * inner];
        for (int a = 0; a < outer; a++) {
            int sBase = a * inLen * inner;
            int oBase = a * outLen * inner;
            for (int i = 0; i < outLen; i++) {
                int i0 = sBase + lo[i] * inner;
                int i1 = sBase + Math.min(lo[i] + 1, inLen - 1) * inner;
                int o = oBase + i * inner;
                float ti = t[i];
                for (int b = 0; b < inner; b++) {
                    float v0 = src[i0 + b];
                    out[o + b] = ti == 0f ? v0 : v0 + ti * (src[i1 + b] - v0);
                }
            }
        }
        double[] sp = v.spacing();
        int geoAxis = 2 - axis; // spacing is x (W), y (H), z (D)
        sp[geoAxis] = sp[geoAxis] * inLen / outLen;
        return new Volume(out, c, os[0], os[1], os[2], sp, v.origin(), v.direction(), v.header());
    }

    /**
     * Rotates by {@code degrees} in the plane of spatial axes {@code a} and {@code b} (0 = D, 1 = H,
     * 2 = W) about the centre {@code (n - 1) / 2}, keeping the shape; outside samples are 0. The
     * output voxel at plane offset (p, q) samples the input at
     * {@code (cos t * p - sin t * q, sin t * p + cos t * q)}; rotating by the opposite angle undoes it.
     */
    public static Volume rotate(Volume v, double degrees, int a, int b, Interpolation mode) {
        double th = Math.toRadians(degrees);
        double cos = Math.cos(th);
        double sin = Math.sin(th);
        int[] s = VolumeOps.spatial(v);
        double ca = (s[a] - 1) / 2.0;
        double cb = (s[b] - 1) / 2.0;
        return sample(v, s, (idx, in) -> {
            double p = idx[a] - ca;
            double q = idx[b] - cb;
            in[0] = idx[0];
            in[1] = idx[1];
            in[2] = idx[2];
            in[a] = cos * p - sin * q + ca;
            in[b] = sin * p + cos * q + cb;
            return true;
        }, mode, false);
    }

    /**
     * Warps each H x W slice with {@code in = M * out + t}, {@code m = {m00, m01, t0, m10, m11, t1}}
     * acting on (h, w); output slices are {@code outH x outW}; samples outside mirror back in.
     */
    public static Volume warpSlices(Volume v, double[] m, int outH, int outW, Interpolation mode) {
        int[] size = {v.depth(), outH, outW};
        return sample(v, size, (idx, in) -> {
            in[0] = idx[0];
            in[1] = m[0] * idx[1] + m[1] * idx[2] + m[2];
            in[2] = m[3] * idx[1] + m[4] * idx[2] + m[5];
            return true;
        }, mode, true);
    }

    /** Maps an output index {D, H, W} to an input coordinate. */
    interface CoordMap {
        boolean map(int[] outIndex, double[] inCoord);
    }

    private static Volume sample(Volume v, int[] size, CoordMap f, Interpolation mode, boolean mirror) {
        int[] s = VolumeOps.spatial(v);
        int c = v.channels();
        int n = v.voxels();
        int outN = size[0] * size[1] * size[2];
        float[] src = v.data();
        float[] out = new float[c * outN];
        int[] idx = new int[3];
        double[] in = new double[3];
        int[] i0 = new int[3];
        int[] i1 = new int[3];
        double[] t = new double[3];
        int o = 0;
        for (idx[0] = 0; idx[0] < size[0]; idx[0]++) {
            for (idx[1] = 0; idx[1] < size[1]; idx[1]++) {
                for (idx[2] = 0; idx[2] < size[2]; idx[2]++, o++) {
                    f.map(idx, in);
                    boolean inside = true;
                    for (int a = 0; a < 3; a++) {
                        double x = mirror ? mirror(in[a], s[a]) : in[a];
                        double r = Math.rint(x);
                        if (Math.abs(x - r) < 1e-9) {
                            x = r; // exact grid points stay exact (e.g. quarter-turn rotations)
                        }
                        if (mode == Interpolation.NEAREST) {
                            i0[a] = (int) Math.floor(x + 0.5);
                            i1[a] = i0[a];
                            t[a] = 0;
                        } else {
                            i0[a] = (int) Math.floor(x);
                            i1[a] = i0[a] + 1;
                            t[a] = x - i0[a];
                        }
                        if (x < -1e-9 || x > s[a] - 1 + 1e-9) {
                            inside = false;
                        }
                        i0[a] = clamp(i0[a], s[a]);
                        i1[a] = clamp(i1[a], s[a]);
                    }
                    if (!inside) {
                        continue; // zero fill (mirror mode never leaves the grid)
                    }
                    for (int ch = 0; ch < c; ch++) {
                        out[ch * outN + o] = (float) trilinear(src, ch * n, s, i0, i1, t);
                    }
                }
            }
        }
        return v.withData(out, c, size[0], size[1], size[2]);
    }

    private static double trilinear(float[] src, int base, int[] s, int[] i0, int[] i1, double[] t) {
        double acc = 0;
        for (int corner = 0; corner < 8; corner++) {
            double wgt = 1;
            int off = base;
            int[] stride = {s[1] * s[2], s[2], 1};
            for (int a = 0; a < 3; a++) {
                boolean hi = ((corner >> a) & 1) == 1;
                double wa = hi ? t[a] : 1 - t[a];
                if (wa == 0) {
                    wgt = 0;
                    break;
                }
                wgt *= wa;
                off += (hi ? i1[a] : i0[a]) * stride[a];
            }
            if (wgt != 0) {
                acc += wgt * src[off];
            }
        }
        return acc;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : i >= n ? n - 1 : i;
    }

    /** scipy 'mirror' boundary: reflect about the edge voxel centres (period 2(n-1)). */
    static double mirror(double x, int n) {
        if (n == 1) {
            return 0;
        }
        double period = 2.0 * (n - 1);
        double m = x % period;
        if (m < 0) {
            m += period;
        }
        return m <= n - 1 ? m : period - m;
    }
}
