package org.pymic.loss;

import java.util.List;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentProvider;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamSpec;
import org.pymic.core.registry.ParamType;

/**
 * Registers the regularisation and consistency losses the semi- and weakly supervised methods use
 * ({@link TotalVariationLoss}, {@link GatedCRFLoss}, {@link MumfordShahLoss}, {@link MSELoss}) under PyMIC's names, so they can also be named in
 * {@code [training] loss_type}.
 */
public final class RegularizationLossProvider implements ComponentProvider {
    private static final ParamSpec SOFTMAX = ParamSpec.optional("loss_softmax", ParamType.BOOL, true,
            "apply softmax to the network output before the loss");

    @Override
    public List<ComponentSpec> components() {
        return List.of(
                ComponentSpec.builder(ComponentKind.LOSS, "TotalVariationLoss")
                        .doc("Soft contour length of the probability maps: mean(relu(open3(q) - erode3(q))).")
                        .param(SOFTMAX)
                        .factory(p -> new TotalVariationLoss(p.getBool("loss_softmax", true)))
                        .build(),
                withParams(ComponentSpec.builder(ComponentKind.LOSS, "GatedCRFLoss")
                        .doc("Gated CRF loss (Obukhov et al. 2019) on the network input and pixel positions."),
                        GatedCRFLoss.PARAMS)
                        .factory(GatedCRFLoss::from)
                        .build(),
                withParams(ComponentSpec.builder(ComponentKind.LOSS, "MumfordShahLoss")
                        .doc("Piecewise-constant Mumford-Shah loss (Kim and Ye 2019) on the network input.")
                        .param(SOFTMAX), MumfordShahLoss.PARAMS)
                        .factory(p -> MumfordShahLoss.from(p, p.getBool("loss_softmax", true)))
                        .build(),
                ComponentSpec.builder(ComponentKind.LOSS, "MSELoss")
                        .doc("Mean squared error between class probabilities and a soft target.")
                        .param(SOFTMAX)
                        .factory(p -> new MSELoss(p.getBool("loss_softmax", true)))
                        .build());
    }

    /** {@code b} with every parameter of {@code params} declared. */
    public static ComponentSpec.Builder withParams(ComponentSpec.Builder b, List<ParamSpec> params) {
        for (ParamSpec p : params) {
            b.param(p);
        }
        return b;
    }
}
