package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.loss.Scalars;
import org.pymic.loss.SegLoss;

/**
 * Dynamically mixed soft pseudo-label supervision (Han et al., "DMSPS: Dynamically mixed soft
 * pseudo-label supervision for scribble-supervised medical image segmentation", Medical Image Analysis
 * 2024), as PyMIC's {@code WSLDMSPS} (method name {@code DMSPS}): DMPLS with the soft mixture
 * {@code alpha s1 + (1 - alpha) s2} itself as the target, {@code pseudo_sup_loss} {@code ce_loss} by
 * default and {@code regularize_w} 8 by default.
 *
 * <p>As in PyMIC and the authors' code, the pseudo-label loss is given each branch's softmax as its
 * prediction and applies its own softmax to it (a softmax of probabilities, which flattens the term's
 * gradient); the published weight 8 goes with that, so pymic keeps it.
 */
public final class DMSPS extends MixedPseudoLabels {
    public static final String NAME = "DMSPS";
    public static final ComponentSpec SPEC = RegularWeight.declare(ComponentSpec.builder(ComponentKind.METHOD, NAME)
                    .doc("Weakly supervised: dual-branch network, soft pseudo-labels from a random mix of the branches.")
                    .param(pseudoLossParam("ce_loss")), 8.0)
            .factory(p -> new DMSPS(RegularWeight.from(p), pseudoLoss(p, NAME, "ce_loss"))).build();

    public DMSPS(RegularWeight weight, SegLoss pseudoLoss) {
        super(weight, pseudoLoss);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    NDArray pseudoLabel(NDArray s1, NDArray s2, double mix) {
        return Scalars.mul(s1, mix).add(Scalars.mul(s2, 1 - mix));
    }

    @Override
    NDArray pseudoInput(NDArray logits, NDArray softmax) {
        return softmax;
    }
}
