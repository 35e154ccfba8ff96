package org.pymic.train.infer;

import ai.djl.ndarray.NDArray;

/**
 * What the inferer needs of a network: a forward pass from an input batch
 * ({@code N,C,H,W} for 2D networks, {@code N,C,D,H,W} for 3D ones) to the main logits
 * ({@code N,K,...} at input resolution). Inputs are created in a per-window manager that is closed
 * right after the output has been read, so implementations must not keep references.
 */
@FunctionalInterface
public interface LogitsModel {
    NDArray logits(NDArray input);

    /**
     * What each spatial axis of the input must be a multiple of (H, W for a 2D network, D, H, W for a 3D
     * one), or null when any size goes; whole-image inference pads the image up to it.
     */
    default int[] sizeMultiple() {
        return null;
    }

    /** {@code model} with the size constraint {@code multiple} (null: none). */
    static LogitsModel withSizeMultiple(LogitsModel model, int[] multiple) {
        return new LogitsModel() {
            @Override
            public NDArray logits(NDArray input) {
                return model.logits(input);
            }

            @Override
            public int[] sizeMultiple() {
                return multiple == null ? null : multiple.clone();
            }
        };
    }
}
