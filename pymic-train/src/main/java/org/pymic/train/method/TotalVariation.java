package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import org.pymic.loss.TotalVariationLoss;

/**
 * Weakly supervised segmentation with total-variation regularisation, as PyMIC's
 * {@code WSLTotalVariation} (method name {@code TotalVariation} in {@code [weakly_supervised_learning]}):
 * {@code L = L_sup(p, y_partial) + regularize_w * rampup(it) * TV(softmax(p))}, where the supervised loss
 * on scribbles is partial cross-entropy (pixel weight 0 off the scribbles) and {@code TV} the soft
 * contour length of {@link TotalVariationLoss}; it pushes the unannotated pixels towards compact regions
 * with short boundaries (total variation: Rudin, Osher and Fatemi, "Nonlinear total variation based noise
 * removal algorithms", Physica D 1992).
 */
public final class TotalVariation extends WeakRegularization {
    public static final String NAME = "TotalVariation";
    private final TotalVariationLoss tv = new TotalVariationLoss(true);

    /**
     * @param rampupEnd null for {@code iter_max}
     */
    public TotalVariation(double regularizeW, int rampupStart, Integer rampupEnd) {
        super(regularizeW, rampupStart, rampupEnd);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    NDArray regularizer(NDArray logits) {
        return tv.compute(logits);
    }
}
