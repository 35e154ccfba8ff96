package org.pymic.loss;

import ai.djl.ndarray.NDArray;

/**
 * Mean squared error between class probabilities and a soft target (PyMIC's {@code MSELoss}), the
 * consistency loss of Mean Teacher: per pixel {@code se = mean_k (p_k - y_k)^2} with
 * {@code p = softmax(logits)} (or the input itself with {@code loss_softmax = False}); the loss is the
 * plain mean of {@code se} over pixels (equal to torch's {@code MSELoss()} over all elements), or with a
 * pixel weight {@code w} the weighted mean {@code sum(w se) / (sum(w) + 1e-5)}.
 */
public final class MSELoss implements SegLoss {
    private final boolean softmax;

    public MSELoss(boolean softmax) {
        this.softmax = softmax;
    }

    public MSELoss() {
        this(true);
    }

    @Override
    public NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight) {
        LossOps.checkShapes(name(), logits, target, pixelWeight);
        NDArray d = LossOps.probabilities(logits, softmax).sub(target);
        return LossOps.weightedMean(d.mul(d).mean(new int[] {1}), pixelWeight);
    }

    @Override
    public String name() {
        return "MSELoss";
    }
}
