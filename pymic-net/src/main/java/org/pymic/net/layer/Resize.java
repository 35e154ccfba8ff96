package org.pymic.net.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Separable resizing of the trailing spatial axes by matrix products: along an axis of length n
 * resized to m, out = M x with M an m x n interpolation matrix. Nearest, bilinear/trilinear and
 * bicubic interpolation are all separable, so this is exact, differentiable and runs as a few
 * batched matrix products (no loops over pixels). It replaces the engine's interpolation, which
 * lacks trilinear and ignores {@code align_corners}.
 *
 * <p>Source coordinate of output index d (PyTorch's conventions): with {@code align_corners},
 * s = d (n-1)/(m-1); otherwise s = (d + 0.5) n/m - 0.5, clamped at 0 for linear. Linear weights
 * (1-t, t) at floor(s) and floor(s)+1 (clamped to n-1), t = s - floor(s). Cubic weights at
 * floor(s)-1..floor(s)+2 (indices clamped to [0, n-1]) are W(t+1), W(t), W(1-t), W(2-t) with
 * W(x) = (a+2)|x|^3 - (a+3)|x|^2 + 1 for |x| &lt;= 1 and a|x|^3 - 5a|x|^2 + 8a|x| - 4a for
 * 1 &lt; |x| &lt; 2, a = -0.75.
 */
public final class Resize {
    private static final double A = -0.75;
    private static final Map<String, float[]> CACHE = new ConcurrentHashMap<>();

    private Resize() {
    }

    /** The m x n interpolation matrix, row-major, shared: read only (the engine copies it into its arrays). */
    private static float[] matrix(int n, int m, Interp mode, boolean alignCorners) {
        return CACHE.computeIfAbsent(n + ":" + m + ":" + mode + ":" + alignCorners, k -> build(n, m, mode, alignCorners));
    }

    private static float[] build(int n, int m, Interp mode, boolean alignCorners) {
        float[] w = new float[m * n];
        for (int d = 0; d < m; d++) {
            if (mode == Interp.NEAREST) {
                int s = (int) Math.min(Math.floor(d * (double) n / m), n - 1);
                w[d * n + s] = 1f;
                continue;
            }
            double s;
            if (alignCorners) {
                s = m > 1 ? d * (n - 1.0) / (m - 1.0) : 0.0;
            } else {
                s = (d + 0.5) * n / m - 0.5;
                if (mode == Interp.LINEAR && s < 0) {
                    s = 0;
                }
            }
            int i0 = (int) Math.floor(s);
            double t = s - i0;
            if (mode == Interp.LINEAR) {
                i0 = Math.min(i0, n - 1);
                int i1 = Math.min(i0 + 1, n - 1);
                w[d * n + i0] += (float) (1 - t);
                w[d * n + i1] += (float) t;
            } else {
                double[] c = {cubicFar(t + 1), cubicNear(t), cubicNear(1 - t), cubicFar(2 - t)};
                for (int k = 0; k < 4; k++) {
                    int idx = Math.max(0, Math.min(n - 1, i0 - 1 + k));
                    w[d * n + idx] += (float) c[k];
                }
            }
        }
        return w;
    }

    private static double cubicNear(double x) {
        return ((A + 2) * x - (A + 3)) * x * x + 1;
    }

    private static double cubicFar(double x) {
        return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    }

    /** Resizes the last {@code outSize.length} axes of {@code x} to {@code outSize}. */
    public static NDArray resize(NDArray x, long[] outSize, Interp mode, boolean alignCorners) {
        return resize(x, outSize, mode, alignCorners, Layout.STANDARD);
    }

    /**
     * As {@link #resize(NDArray, long[], Interp, boolean)} for an (N, C, spatial...) array whose
     * memory is in {@code layout}; the result is in the same layout. With
     * {@link Layout#CHANNELS_LAST} all spatial axes are resized, each as a batched product
     * M (B, n, T) over the memory order (N, spatial..., C), whose output is again channels-last.
     */
    public static NDArray resize(NDArray x, long[] outSize, Interp mode, boolean alignCorners, Layout layout) {
        int r = x.getShape().dimension();
        if (layout == Layout.STANDARD) {
            return resizeAxes(x, r - outSize.length, outSize, mode, alignCorners);
        }
        if (outSize.length != r - 2) {
            throw new IllegalArgumentException("channels-last resizing takes every spatial axis of " + x.getShape()
                    + ", got " + Arrays.toString(outSize));
        }
        NDArray inMemoryOrder = x.transpose(Layout.toMemoryOrder(r));
        NDArray resized = resizeAxes(inMemoryOrder, 1, outSize, mode, alignCorners);
        NDArray out = resized.transpose(Layout.fromMemoryOrder(r));
        NDList done = new NDList(inMemoryOrder, resized);
        NetBlock.release(done, new NDList(x, out));
        return out;
    }

    /** Resizes axes {@code first}, {@code first + 1}, ... of {@code x} to {@code outSize}, one product each. */
    private static NDArray resizeAxes(NDArray x, int first, long[] outSize, Interp mode, boolean alignCorners) {
        long[] dims = x.getShape().getShape();
        NDArray y = x;
        for (int i = 0; i < outSize.length; i++) {
            int n = (int) dims[first + i];
            int m = (int) outSize[i];
            if (n != m) {
                NDArray next = alongAxis(y, first + i, matrix(n, m, mode, alignCorners), n, m);
                if (y != x) {
                    NetBlock.release(y, new NDList(next));
                }
                y = next;
            }
        }
        return y;
    }

    /** Multiplies {@code x} by the m x n matrix {@code w} along {@code axis}. */
    private static NDArray alongAxis(NDArray x, int axis, float[] w, int n, int m) {
        long[] dims = x.getShape().getShape().clone();
        NDArray mat = x.getManager().create(w, new Shape(m, n));
        if (axis == dims.length - 1) {
            return x.matMul(mat.transpose());
        }
        long tail = 1;
        for (int a = axis + 1; a < dims.length; a++) {
            tail *= dims[a];
        }
        long[] folded = Arrays.copyOf(dims, axis + 2);
        folded[axis + 1] = tail;
        NDArray xr = x.reshape(new Shape(folded));
        NDArray y = mat.matMul(xr);
        long[] out = dims.clone();
        out[axis] = m;
        NDArray result = y.reshape(new Shape(out));
        // the view handles only: the interpolation matrix is made from Java memory, which the backward
        // pass reads, so it stays open with the step's manager (see org.pymic.loss.Scalars)
        NetBlock.release(new NDList(xr, y), new NDList(x, result));
        return result;
    }
}
