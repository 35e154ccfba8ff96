package org.pymic.net.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Memory order of an activation (N, C, spatial...). The logical shape and values never depend on
 * it; only speed does. {@link #STANDARD} is row-major (N, C, D, H, W); {@link #CHANNELS_LAST}
 * stores (N, D, H, W, C), PyTorch's {@code channels_last} memory format. The engine's CPU
 * convolutions read and write channels-last tensors directly, while standard ones are reordered
 * to a blocked format and back around every convolution; pooling and batch normalisation also
 * have faster channels-last kernels. Convolutions, normalisation, activations, dropout, pooling
 * and concatenation keep a channels-last input channels-last, so a network converts its input
 * once ({@link #channelsLast}) and its outputs back ({@link #standard}).
 *
 * <p>The engine cannot be asked for a tensor's strides, so the layout is declared, not detected:
 * a block that is told {@code CHANNELS_LAST} picks the path that keeps that layout. Any input gives
 * the right values on either path.
 */
public enum Layout {
    STANDARD, CHANNELS_LAST;

    /**
     * {@code x} with channels-last memory: a logically identical, differentiable array. One copy
     * when C &gt; 1; free when C = 1 (both orders coincide).
     */
    public static NDArray channelsLast(NDArray x) {
        long[] d = x.getShape().getShape();
        int r = d.length;
        long[] lastShape = new long[r];
        int[] toLast = toMemoryOrder(r);
        for (int i = 0; i < r; i++) {
            lastShape[i] = d[toLast[i]];
        }
        NDArray inMemoryOrder = d[1] == 1 ? x.reshape(new Shape(lastShape))
                // flattening a permuted view copies it in the permuted order: (N, spatial..., C) in memory
                : x.transpose(toLast).reshape(-1).reshape(new Shape(lastShape));
        return inMemoryOrder.transpose(fromMemoryOrder(r));
    }

    /** Axis permutation from (N, C, spatial...) to the channels-last memory order (N, spatial..., C). */
    static int[] toMemoryOrder(int rank) {
        int[] p = new int[rank];
        for (int i = 1; i < rank - 1; i++) {
            p[i] = i + 1;
        }
        p[rank - 1] = 1;
        return p;
    }

    /** The inverse of {@link #toMemoryOrder}. */
    static int[] fromMemoryOrder(int rank) {
        int[] p = new int[rank];
        p[1] = rank - 1;
        for (int i = 2; i < rank; i++) {
            p[i] = i - 1;
        }
        return p;
    }

    /** {@code x} with standard row-major memory: a copy when it has another order, else a view. */
    public static NDArray standard(NDArray x) {
        return x.reshape(-1).reshape(x.getShape());
    }

    /** {@code x} in this layout. */
    public NDArray apply(NDArray x) {
        return this == CHANNELS_LAST ? channelsLast(x) : x;
    }
}
