package org.pymic.loss;

import ai.djl.ndarray.NDArray;

/**
 * Generalized cross-entropy for noisy labels (Zhang and Sabuncu, Generalized Cross Entropy Loss for
 * Training Deep Neural Networks with Noisy Labels, NeurIPS 2018): per pixel
 * {@code L_q = sum_k c_k y_k (1 - p_k^q) / q}, {@code q} in (0, 1] ({@code loss_gce_q}); q -> 0 gives
 * the cross-entropy, q = 1 the mean absolute error. Reduced as a plain or pixel-weighted mean.
 */
public final class GeneralizedCELoss implements SegLoss {
    private final boolean softmax;
    private final double q;
    private final double[] classWeight;

    public GeneralizedCELoss(boolean softmax, double q, double[] classWeight) {
        if (!(q > 0 && q <= 1)) {
            throw org.pymic.core.error.PymicException.config("loss_gce_q must be in (0, 1], got " + q);
        }
        this.softmax = softmax;
        this.q = q;
        this.classWeight = classWeight == null ? null : classWeight.clone();
    }

    @Override
    public NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight) {
        LossOps.checkShapes(name(), logits, target, pixelWeight);
        NDArray p = LossOps.probabilities(logits, softmax);
        NDArray l = Scalars.div(Scalars.pow(p, q).neg().add(1.0), q).mul(target);
        if (classWeight != null) {
            l = l.mul(LossOps.classWeights(logits, classWeight));
        }
        return LossOps.weightedMean(l.sum(new int[] {1}), pixelWeight);
    }

    @Override
    public String name() {
        return "GeneralizedCELoss";
    }
}
