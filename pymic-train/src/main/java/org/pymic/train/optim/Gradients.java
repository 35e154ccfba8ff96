package org.pymic.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Gradient access on the PyTorch engine. {@code NDArray.getGradient()} returns a fresh zero array
 * when no gradient exists, which cannot be told from a zero gradient; here "no gradient" is null,
 * and zeroing uses the engine's in-place {@code grad.zero_()} (safe even for non-finite values).
 */
public final class Gradients {
    private Gradients() {
    }

    /** The parameter's gradient values, or null when the array has none. */
    public static float[] values(NDArray array) {
        if (!array.hasGradient()) {
            return null;
        }
        PtNDArray grad = JniUtils.getGradient((PtNDArray) array);
        if (grad == null) {
            return null;
        }
        try {
            return grad.toFloatArray();
        } finally {
            grad.close();
        }
    }

    /** Sets the gradient to zero in place when it exists. */
    public static void zero(NDArray array) {
        if (array.hasGradient()) {
            JniUtils.zeroGrad((PtNDArray) array);
        }
    }
}
