package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.loss.Scalars;
import org.pymic.net.SegNetwork;

/**
 * Fully supervised training (PyMIC's {@code SegmentationAgent}): the configured loss on the labelled batch.
 * With a {@code net_type} list every network learns from the same batch with its own loss term; the sum
 * is back-propagated once (each network only gets the gradient of its own term) and their logits are
 * averaged at inference.
 */
public final class FullySupervised implements Method {
    public static final String NAME = "FullySupervised";
    public static final ComponentSpec SPEC = ComponentSpec.builder(ComponentKind.METHOD, NAME)
            .doc("Fully supervised training with [training] loss_type.").factory(p -> new FullySupervised()).build();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SegNetwork> createNetworks(NetworkFactory factory) {
        return Methods.oneNetworkPerType(factory);
    }

    @Override
    public NDArray loss(StepContext ctx) {
        NDArray total = null;
        for (String name : ctx.networks().keySet()) {
            NDArray l = ctx.supervisedLoss(ctx.forward(name, ctx.image()));
            total = total == null ? l : total.add(l);
        }
        ctx.record("loss", Scalars.div(total, ctx.networks().size()));
        return total;
    }
}
