package org.pymic.loss;

import ai.djl.ndarray.NDArray;

/**
 * Spatial label smoothing regularisation (Zhang et al., "Characterizing label errors: confident learning
 * for noisy-labeled image segmentation", MICCAI 2020), PyMIC's {@code SLSRLoss}: the second stage of
 * CL-SLSR. The pixel weight is the confident-learning mask of {@code pymic clslsr} (a pixel is flagged
 * when its weight is above 0); on flagged pixels the soft target is smoothed towards 0.5,
 * {@code y' = (y - 0.5) (0.5 - epsilon) / 0.5 + 0.5} (with epsilon 0.25 a one-hot (1, 0) becomes
 * (0.75, 0.25)), elsewhere it is kept; then, with {@code p = softmax(logits)} (or the input with
 * {@code loss_softmax = False}),
 * <pre>
 *   L = mean over pixels of -sum_k y'_k log(0.999 p_k + 5e-4)
 * </pre>
 * Without a pixel weight it is PyMIC's cross-entropy. As in PyMIC the weight only selects pixels and
 * does not weigh the mean.
 */
public final class SLSRLoss implements SegLoss {
    private final boolean softmax;
    private final double epsilon;

    public SLSRLoss(boolean softmax, double epsilon) {
        if (!(epsilon >= 0 && epsilon <= 0.5)) {
            throw org.pymic.core.error.PymicException.config("slsrloss_epsilon must be in [0, 0.5], got " + epsilon);
        }
        this.softmax = softmax;
        this.epsilon = epsilon;
    }

    @Override
    public NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight) {
        LossOps.checkShapes(name(), logits, target, pixelWeight);
        NDArray y = target;
        if (pixelWeight != null) {
            NDArray flagged = pixelWeight.gt(0).toType(target.getDataType(), false);
            NDArray smooth = Scalars.mul(target.sub(0.5), (0.5 - epsilon) / 0.5).add(0.5);
            y = smooth.mul(flagged).add(target.mul(flagged.neg().add(1)));
        }
        NDArray logp = LossOps.stable(LossOps.probabilities(logits, softmax)).log();
        return y.mul(logp).sum(new int[] {1}).neg().mean();
    }

    @Override
    public String name() {
        return "SLSRLoss";
    }
}
