package org.pymic.net.layer;

import ai.djl.ndarray.types.Shape;

/** Small helpers for shapes of (N, C, spatial...) arrays. */
public final class Shapes {
    private Shapes() {
    }

    /** {@code s} with its channel axis (1) replaced. */
    public static Shape withChannels(Shape s, long channels) {
        long[] d = s.getShape().clone();
        d[1] = channels;
        return new Shape(d);
    }

    /** {@code s} with its trailing spatial axes multiplied ({@code factor > 0}) or divided ({@code < 0}). */
    public static Shape scaleSpatial(Shape s, int[] factors, boolean up) {
        long[] d = s.getShape().clone();
        int off = d.length - factors.length;
        for (int i = 0; i < factors.length; i++) {
            d[off + i] = up ? d[off + i] * factors[i] : d[off + i] / factors[i];
        }
        return new Shape(d);
    }

    /** A shape of {@code n} copies of {@code v}. */
    public static Shape repeat(int n, long v) {
        long[] d = new long[n];
        java.util.Arrays.fill(d, v);
        return new Shape(d);
    }

    /** The product of the values. */
    public static int product(int[] v) {
        int p = 1;
        for (int x : v) {
            p *= x;
        }
        return p;
    }
}
