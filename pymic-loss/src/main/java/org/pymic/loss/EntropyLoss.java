package org.pymic.loss;

import ai.djl.ndarray.NDArray;

/**
 * Mean normalised entropy of the softmax, the regulariser of Entropy Minimization (Grandvalet and
 * Bengio, NIPS 2005; Vu et al., ADVENT, CVPR 2019): per pixel
 * {@code H = -sum_k q_k log(q_k) / log(K)} with {@code q = 0.999 p + 5e-4} as PyMIC computes it, so
 * {@code H} lies in [0, 1]. The target is ignored (it may be null); a pixel weight, when given, turns
 * the mean into a weighted mean.
 */
public final class EntropyLoss implements SegLoss {
    private final boolean softmax;

    public EntropyLoss(boolean softmax) {
        this.softmax = softmax;
    }

    public EntropyLoss() {
        this(true);
    }

    /** The loss of logits alone. */
    public NDArray compute(NDArray logits) {
        return compute(logits, null, null);
    }

    @Override
    public NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight) {
        LossOps.checkShapes(name(), logits, null, pixelWeight);
        NDArray q = LossOps.stable(LossOps.probabilities(logits, softmax));
        long k = logits.getShape().get(1);
        NDArray h = Scalars.div(q.mul(q.log()).sum(new int[] {1}).neg(), Math.log(k));
        return LossOps.weightedMean(h, pixelWeight);
    }

    @Override
    public String name() {
        return "EntropyLoss";
    }
}
