package org.pymic.loss;

import java.util.List;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentProvider;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamSpec;
import org.pymic.core.registry.ParamType;

/**
 * Registers the regularisation and consistency losses the semi- and weakly supervised methods use
 * ({@link TotalVariationLoss}, {@link MSELoss}) under PyMIC's names, so they can also be named in
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
                ComponentSpec.builder(ComponentKind.LOSS, "MSELoss")
                        .doc("Mean squared error between class probabilities and a soft target.")
                        .param(SOFTMAX)
                        .factory(p -> new MSELoss(p.getBool("loss_softmax", true)))
                        .build());
    }
}
