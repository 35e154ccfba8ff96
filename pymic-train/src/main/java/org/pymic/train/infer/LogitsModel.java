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
}
