package org.pymic.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic between an NDArray and a constant that stays correct in the backward pass.
 *
 * <p>DJL's {@code NDArray.mul(Number)}, {@code div}, {@code pow}, {@code maximum} and {@code minimum}
 * wrap the constant in a tensor over a Java direct buffer (no copy) and close it as soon as the op
 * returns. The autograd graph keeps that tensor for the backward pass (d(x*c)/dx = c), so once the
 * garbage collector frees the buffer and the memory is reused, gradients read garbage: huge values,
 * infinities or zeros, at random. {@code add(Number)} and {@code sub(Number)} are safe (their
 * backward does not read the constant). Every differentiable op with a constant in pymic goes
 * through this class, whose constants live in memory the engine owns ({@code full}).
 */
public final class Scalars {
    private Scalars() {
    }

    /**
     * A 0-dimensional array holding {@code value}, of {@code like}'s type, that lives as long as
     * {@code like}'s manager: in engine-owned memory ({@code full}) or, for float64, which {@code full}
     * cannot fill exactly, over a buffer the array keeps until the manager closes it.
     */
    public static NDArray of(NDArray like, double value) {
        if (like.getDataType() == DataType.FLOAT64) {
            return like.getManager().create(value);
        }
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }

    /** x * c. */
    public static NDArray mul(NDArray x, double c) {
        return x.mul(of(x, c));
    }

    /** x / c. */
    public static NDArray div(NDArray x, double c) {
        return x.div(of(x, c));
    }

    /** x ^ c. */
    public static NDArray pow(NDArray x, double c) {
        return x.pow(of(x, c));
    }

    /** max(x, c) element-wise. */
    public static NDArray maximum(NDArray x, double c) {
        return x.maximum(of(x, c));
    }

    /** min(x, c) element-wise. */
    public static NDArray minimum(NDArray x, double c) {
        return x.minimum(of(x, c));
    }
}
