package org.pymic.loss;

import ai.djl.ndarray.NDArray;
import org.pymic.net.NetOutput;

/**
 * A segmentation loss: a scalar from network logits, soft targets and an optional pixel weight.
 *
 * <p>Shapes: logits {@code (N, K, spatial...)}, target {@code (N, K, spatial...)} holding class
 * probabilities (one-hot for hard labels), pixel weight {@code (N, 1, spatial...)} or {@code null}.
 * A pixel weight of 0 leaves a pixel out (partial and noisy labels are "label + pixel weight").
 * Losses apply a softmax over axis 1 first unless built with {@code loss_softmax = False}, in which
 * case the first argument already holds probabilities (PyMIC's {@code loss_softmax} flag).
 */
public interface SegLoss {

    /**
     * The loss of one prediction.
     *
     * @param logits network output (N, K, ...), or probabilities when the loss does not apply softmax
     * @param target soft one-hot target (N, K, ...)
     * @param pixelWeight per-pixel weight (N, 1, ...) or null for all pixels weighted 1
     * @return a scalar NDArray attached to the logits' manager
     */
    NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight);

    /**
     * The loss of a network's typed outputs. Plain losses read the main logits only;
     * {@link DeepSuperviseLoss} adds the deep-supervision scale heads (never auxiliary decoders or
     * branches).
     */
    default NDArray compute(NetOutput outputs, NDArray target, NDArray pixelWeight) {
        return compute(outputs.main(), target, pixelWeight);
    }

    /**
     * The loss of what the step offers: image, typed outputs, target, pixel weight. This is how the
     * training loop and the methods call every loss; image-aware losses override it.
     */
    default NDArray compute(LossInput in) {
        return compute(in.output(), in.target(), in.pixelWeight());
    }

    /** The name in configs and logs. */
    String name();
}
