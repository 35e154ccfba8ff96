package org.pymic.loss;

import ai.djl.ndarray.NDArray;
import org.pymic.net.NetOutput;

/**
 * What a loss may read of one prediction: the network's input image (N, C, ...), its typed outputs, the
 * soft target (N, K, ...) or null for unsupervised terms (regularisers such as entropy or total
 * variation), and the pixel weight (N, 1, ...) or null. Image-aware losses (CRF-like regularisers) read
 * the image; the others the main logits.
 */
public record LossInput(NDArray image, NetOutput output, NDArray target, NDArray pixelWeight) {

    /** A loss input of main logits alone (no image, no other heads). */
    public static LossInput of(NDArray logits, NDArray target, NDArray pixelWeight) {
        return new LossInput(null, NetOutput.of(logits), target, pixelWeight);
    }
}
