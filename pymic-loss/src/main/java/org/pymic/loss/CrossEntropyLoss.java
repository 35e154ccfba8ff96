package org.pymic.loss;

import ai.djl.ndarray.NDArray;

/**
 * Cross-entropy of soft targets, as PyMIC computes it:
 * {@code ce(x) = -sum_k c_k * y_k(x) * log(0.999 * p_k(x) + 5e-4)} per pixel, where {@code c_k} are the
 * optional class weights ({@code loss_class_weight}); the loss is the plain mean over pixels, or with a
 * pixel weight {@code w} the weighted mean {@code sum(w * ce) / (sum(w) + 1e-5)}. Pixels of weight 0
 * (unannotated in partial labels) do not contribute: this is the partial cross-entropy of scribble
 * supervision.
 */
public final class CrossEntropyLoss implements SegLoss {
    private final boolean softmax;
    private final double[] classWeight;

    /**
     * @param softmax apply softmax over the class axis first (PyMIC's {@code loss_softmax})
     * @param classWeight weight per class, or null for none
     */
    public CrossEntropyLoss(boolean softmax, double[] classWeight) {
        this.softmax = softmax;
        this.classWeight = classWeight == null ? null : classWeight.clone();
    }

    public CrossEntropyLoss() {
        this(true, null);
    }

    @Override
    public NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight) {
        LossOps.checkShapes(name(), logits, target, pixelWeight);
        NDArray p = LossOps.stable(LossOps.probabilities(logits, softmax));
        NDArray ce = target.mul(p.log()).neg();
        if (classWeight != null) {
            ce = ce.mul(LossOps.classWeights(logits, classWeight));
        }
        return LossOps.weightedMean(ce.sum(new int[] {1}), pixelWeight);
    }

    @Override
    public String name() {
        return "CrossEntropyLoss";
    }
}
