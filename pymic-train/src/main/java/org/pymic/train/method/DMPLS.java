package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.loss.Scalars;
import org.pymic.loss.SegLoss;

/**
 * Dynamically mixed pseudo-label supervision (Luo et al., "Scribble-Supervised Medical Image Segmentation
 * via Dual-Branch Network and Dynamically Mixed Pseudo Labels Supervision", MICCAI 2022), as PyMIC's
 * {@code WSLDMPLS} (method name {@code DMPLS}): a dual-branch network, both branches on partial
 * cross-entropy, and both supervised by the one-hot arg-max of {@code beta s1 + (1 - beta) s2} with
 * {@code beta} uniform in [0, 1) drawn at every step; {@code pseudo_sup_loss} {@code dice_loss} (default)
 * or {@code ce_loss} on the branches' logits; {@code regularize_w} 0.1 by default.
 */
public final class DMPLS extends MixedPseudoLabels {
    public static final String NAME = "DMPLS";
    public static final ComponentSpec SPEC = RegularWeight.declare(ComponentSpec.builder(ComponentKind.METHOD, NAME)
                    .doc("Weakly supervised: dual-branch network, hard pseudo-labels from a random mix of the branches.")
                    .param(pseudoLossParam("dice_loss")), 0.1)
            .factory(p -> new DMPLS(RegularWeight.from(p), pseudoLoss(p, NAME, "dice_loss"))).build();

    public DMPLS(RegularWeight weight, SegLoss pseudoLoss) {
        super(weight, pseudoLoss);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    NDArray pseudoLabel(NDArray s1, NDArray s2, double mix) {
        return PseudoLabels.oneHotArgmax(Scalars.mul(s1, mix).add(Scalars.mul(s2, 1 - mix)));
    }

    @Override
    NDArray pseudoInput(NDArray logits, NDArray softmax) {
        return logits;
    }
}
