package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.loss.GatedCRFLoss;
import org.pymic.loss.LossInput;
import org.pymic.loss.RegularizationLossProvider;

/**
 * Weakly supervised segmentation with the gated CRF loss (Obukhov et al., "Gated CRF Loss for Weakly
 * Supervised Semantic Image Segmentation", arXiv:1906.04651, 2019), as PyMIC's {@code WSLGatedCRF}
 * (method name {@code GatedCRF}): {@code L = L_sup(p, y_partial) + regularize_w * rampup(it) * CRF(softmax(p), x)},
 * where {@link GatedCRFLoss} penalises different classes on neighbouring pixels of similar intensity
 * (kernels {@code GatedCRFLoss_W0 / _XY0 / _rgb} on intensity and position, {@code _W1 / _XY1} on position,
 * window {@code _Radius}); volumes are regularised slice by slice.
 */
public final class GatedCRF extends WeakRegularization {
    public static final String NAME = "GatedCRF";
    public static final ComponentSpec SPEC = RegularizationLossProvider.withParams(RegularWeight.declare(
            ComponentSpec.builder(ComponentKind.METHOD, NAME)
                    .doc("Weakly supervised: partial loss + gated CRF loss of the softmax on the image."), 0.1),
            GatedCRFLoss.PARAMS)
            .factory(p -> new GatedCRF(RegularWeight.from(p), GatedCRFLoss.from(p))).build();
    private final GatedCRFLoss crf;

    public GatedCRF(RegularWeight weight, GatedCRFLoss crf) {
        super(weight);
        this.crf = crf;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    NDArray regularizer(LossInput in) {
        return crf.compute(in);
    }
}
