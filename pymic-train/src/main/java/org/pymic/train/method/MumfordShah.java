package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.loss.LossInput;
import org.pymic.loss.MumfordShahLoss;
import org.pymic.loss.RegularizationLossProvider;

/**
 * Weakly supervised segmentation with the Mumford-Shah loss (Kim and Ye, "Mumford-Shah Loss Functional
 * for Image Segmentation With Deep Learning", IEEE TIP 2019), as PyMIC's {@code WSLMumfordShah} (method
 * name {@code MumfordShah}): {@code L = L_sup(p, y_partial) + regularize_w * rampup(it) * MS(softmax(p), x)}
 * with {@link MumfordShahLoss}: each class region should have near-constant intensity and a short
 * boundary. {@code MumfordShahLoss_penalty} and {@code MumfordShahLoss_lambda} are read from
 * {@code [weakly_supervised_learning]} (PyMIC looks them up with the wrong case and always uses its
 * defaults l1 and 1.0, which are pymic's defaults too).
 */
public final class MumfordShah extends WeakRegularization {
    public static final String NAME = "MumfordShah";
    public static final ComponentSpec SPEC = RegularizationLossProvider.withParams(RegularWeight.declare(
            ComponentSpec.builder(ComponentKind.METHOD, NAME)
                    .doc("Weakly supervised: partial loss + Mumford-Shah loss of the softmax on the image."), 0.1),
            MumfordShahLoss.PARAMS)
            .factory(p -> new MumfordShah(RegularWeight.from(p), MumfordShahLoss.from(p, true))).build();
    private final MumfordShahLoss ms;

    public MumfordShah(RegularWeight weight, MumfordShahLoss ms) {
        super(weight);
        this.ms = ms;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    NDArray regularizer(LossInput in) {
        return ms.compute(in);
    }
}
