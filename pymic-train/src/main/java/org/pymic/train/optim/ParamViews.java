package org.pymic.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A parameter's values and gradient as float buffers for an in-place update. On the PyTorch engine
 * both are direct views of the tensors' memory (no copy; writes change the parameter). When the engine
 * cannot give a view, the values are copied and written back on {@link #close}. Open, update, close
 * right away: a view must not outlive the step.
 */
final class ParamViews implements AutoCloseable {
    private final NDArray array;
    private final PtNDArray grad;
    private final FloatBuffer values;
    private final FloatBuffer gradient;
    private final boolean copied;

    private ParamViews(NDArray array, PtNDArray grad, FloatBuffer values, FloatBuffer gradient, boolean copied) {
        this.array = array;
        this.grad = grad;
        this.values = values;
        this.gradient = gradient;
        this.copied = copied;
    }

    /** Views of a float32 parameter and its gradient, or null when it has no gradient. */
    static ParamViews open(NDArray array) {
        if (!array.hasGradient()) {
            return null;
        }
        PtNDArray grad = JniUtils.getGradient((PtNDArray) array);
        if (grad == null) {
            return null;
        }
        if (array.getDataType() != DataType.FLOAT32) {
            grad.close();
            throw new IllegalArgumentException("parameter of type " + array.getDataType() + ", expected float32");
        }
        ByteBuffer gb = grad.toByteBuffer(true);
        FloatBuffer g = gb.isDirect() ? floats(gb) : FloatBuffer.wrap(grad.toFloatArray());
        FloatBuffer w = view(array);
        if (w != null) {
            return new ParamViews(array, grad, w, g, false);
        }
        return new ParamViews(array, grad, FloatBuffer.wrap(array.toFloatArray()), g, true);
    }

    /**
     * A writable view of the array's memory, or null. The engine returns a direct buffer both for a view
     * (contiguous tensor) and for a copy (otherwise); two buffers alias the same memory only in the first
     * case, which a sentinel written through one and read through the other tells apart.
     */
    static FloatBuffer view(NDArray array) {
        ByteBuffer a = array.toByteBuffer(true);
        if (!a.isDirect() || a.capacity() == 0) {
            return null;
        }
        FloatBuffer first = floats(a);
        FloatBuffer second = floats(array.toByteBuffer(true));
        int bits = Float.floatToRawIntBits(first.get(0));
        first.put(0, Float.intBitsToFloat(bits ^ 1));
        boolean aliased = Float.floatToRawIntBits(second.get(0)) != bits;
        first.put(0, Float.intBitsToFloat(bits));
        return aliased ? first : null;
    }

    private static FloatBuffer floats(ByteBuffer b) {
        return b.order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    int size() {
        return values.capacity();
    }

    FloatBuffer values() {
        return values;
    }

    FloatBuffer gradient() {
        return gradient;
    }

    @Override
    public void close() {
        try {
            if (copied) {
                array.set(values.array());
            }
        } finally {
            grad.close();
        }
    }
}
