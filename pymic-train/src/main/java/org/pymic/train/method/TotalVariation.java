package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.loss.LossInput;
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
    public static final ComponentSpec SPEC = RegularWeight.declare(ComponentSpec.builder(ComponentKind.METHOD, NAME)
            .doc("Weakly supervised: partial loss + total-variation regulariser of the softmax."), 0.1)
            .factory(p -> new TotalVariation(RegularWeight.from(p))).build();
    private final TotalVariationLoss tv = new TotalVariationLoss(true);

    /**
     * @param rampupEnd null for {@code iter_max}
     */
    public TotalVariation(double regularizeW, int rampupStart, Integer rampupEnd) {
        this(new RegularWeight(regularizeW, rampupStart, rampupEnd));
    }

    public TotalVariation(RegularWeight weight) {
        super(weight);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    NDArray regularizer(LossInput in) {
        return tv.compute(in);
    }
}
