package org.pymic.loss;

import ai.djl.ndarray.NDArray;

/**
 * Multi-class focal loss (Lin et al., Focal Loss for Dense Object Detection, ICCV 2017) on soft
 * targets: per pixel {@code fl = -sum_k a_k * y_k * (1 - q_k)^gamma * log(q_k)} with the stabilised
 * probability {@code q = 0.999 p + 5e-4}; {@code a_k} are the optional class weights
 * ({@code focalloss_alpha}, 1 when absent). Reduced like {@link CrossEntropyLoss}: plain or
 * pixel-weighted mean. {@code gamma = 0} without alpha gives the cross-entropy.
 */
public final class FocalLoss implements SegLoss {
    private final boolean softmax;
    private final double gamma;
    private final double[] alpha;

    public FocalLoss(boolean softmax, double gamma, double[] alpha) {
        if (gamma < 0) {
            throw org.pymic.core.error.PymicException.config("focalloss_gamma must be >= 0, got " + gamma);
        }
        this.softmax = softmax;
        this.gamma = gamma;
        this.alpha = alpha == null ? null : alpha.clone();
    }

    @Override
    public NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight) {
        LossOps.checkShapes(name(), logits, target, pixelWeight);
        NDArray q = LossOps.stable(LossOps.probabilities(logits, softmax));
        NDArray fl = target.mul(q.log()).neg();
        if (gamma != 0) {
            fl = fl.mul(Scalars.pow(q.neg().add(1.0), gamma));
        }
        if (alpha != null) {
            fl = fl.mul(LossOps.classWeights(logits, alpha));
        }
        return LossOps.weightedMean(fl.sum(new int[] {1}), pixelWeight);
    }

    @Override
    public String name() {
        return "FocalLoss";
    }
}
