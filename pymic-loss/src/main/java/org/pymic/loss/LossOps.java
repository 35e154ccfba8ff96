package org.pymic.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.pymic.core.error.PymicException;

/**
 * Array helpers shared by the losses: softmax over the class axis, the stabilised probabilities
 * PyMIC uses under logarithms ({@code p * 0.999 + 5e-4}), the reduction axes and the pixel-weighted
 * mean {@code sum(w * v) / (sum(w) + 1e-5)}.
 */
public final class LossOps {
    /** Scale of PyMIC's stabilised probability {@code p * 0.999 + 5e-4}. */
    public static final double STABLE_SCALE = 0.999;
    /** Offset of PyMIC's stabilised probability. */
    public static final double STABLE_OFFSET = 5e-4;
    /** Added to the weight sum of a pixel-weighted mean (PyMIC's value). */
    public static final double WEIGHT_EPS = 1e-5;

    private LossOps() {
    }

    /** Softmax over axis 1 when {@code softmax}, else the input itself. */
    public static NDArray probabilities(NDArray logits, boolean softmax) {
        return softmax ? logits.softmax(1) : logits;
    }

    /** {@code p * 0.999 + 5e-4}: keeps logarithms finite. */
    public static NDArray stable(NDArray p) {
        return Scalars.mul(p, STABLE_SCALE).add(STABLE_OFFSET);
    }

    /**
     * A volume batch (N, C, D, H, W) as its slices (N D, C, H, W), slice {@code d} of sample {@code n} at
     * {@code n D + d} (PyMIC's transpose(1, 2) and reshape); 4-dimensional arrays are returned as they are.
     */
    public static NDArray foldSlices(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 5) {
            return x;
        }
        return x.transpose(0, 2, 1, 3, 4).reshape(s.get(0) * s.get(2), s.get(1), s.get(3), s.get(4));
    }

    /** All axes but the class axis 1: {0, 2, 3, ...}. */
    public static int[] allButClassAxis(int ndim) {
        int[] axes = new int[ndim - 1];
        axes[0] = 0;
        for (int i = 2; i < ndim; i++) {
            axes[i - 1] = i;
        }
        return axes;
    }

    /**
     * Mean of a per-pixel map {@code v} of shape (N, spatial...), weighted by {@code pixelWeight}
     * of shape (N, 1, spatial...) when given: {@code sum(w * v) / (sum(w) + 1e-5)}.
     */
    public static NDArray weightedMean(NDArray v, NDArray pixelWeight) {
        if (pixelWeight == null) {
            return v.mean();
        }
        NDArray w = pixelWeight.squeeze(1);
        return v.mul(w).sum().div(w.sum().add((float) WEIGHT_EPS)); // a float scalar keeps float32 (a double would promote the 0-dim result to float64)
    }

    /** Class weights as an array of shape (1, K, 1, ...) for broadcasting against (N, K, ...). */
    public static NDArray classWeights(NDArray like, double[] weights) {
        long k = like.getShape().get(1);
        if (weights.length != k) {
            throw PymicException.config("loss_class_weight has " + weights.length + " values but the prediction has "
                    + k + " classes");
        }
        float[] f = new float[weights.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) weights[i];
        }
        long[] dims = new long[like.getShape().dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[1] = k;
        return like.getManager().create(f, new Shape(dims)).toType(like.getDataType(), false);
    }

    /** Checks that target (and pixel weight when given) fit the prediction's shape. */
    public static void checkShapes(String loss, NDArray pred, NDArray target, NDArray pixelWeight) {
        Shape p = pred.getShape();
        if (target != null && !p.equals(target.getShape())) {
            throw PymicException.data(loss + ": target shape " + target.getShape() + " does not match prediction "
                    + p);
        }
        if (pixelWeight != null) {
            Shape w = pixelWeight.getShape();
            boolean ok = w.dimension() == p.dimension() && w.get(1) == 1 && w.get(0) == p.get(0);
            for (int i = 2; ok && i < p.dimension(); i++) {
                ok = w.get(i) == p.get(i);
            }
            if (!ok) {
                throw PymicException.data(loss + ": pixel weight shape " + w + " does not fit prediction " + p
                        + " (expected (N, 1, spatial...))");
            }
        }
    }

    /** Reads a class-weight list, or null when absent. */
    static double[] toDoubles(java.util.List<?> list) {
        if (list == null) {
            return null;
        }
        return list.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
    }
}
