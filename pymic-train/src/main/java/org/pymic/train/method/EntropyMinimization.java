package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.loss.EntropyLoss;
import org.pymic.net.SegNetwork;

/**
 * Semi-supervised Entropy Minimization (Grandvalet and Bengio, "Semi-supervised Learning by Entropy
 * Minimization", NeurIPS 2005), as PyMIC's {@code SSLEntropyMinimization}: labelled and unlabelled images
 * go through the network as one batch;
 * {@code loss = L_sup(p_labelled, y) + regularize_w * rampup(it) * H(softmax(p_all))}, with
 * {@code rampup} PyMIC's sigmoid ramp-up between {@code rampup_start} and {@code rampup_end} (default
 * {@code iter_max}) and {@code H} the mean normalised entropy ({@link EntropyLoss}).
 */
public final class EntropyMinimization implements Method {
    public static final String NAME = "EntropyMinimization";
    public static final ComponentSpec SPEC = RegularWeight.declare(ComponentSpec.builder(ComponentKind.METHOD, "EntropyMinimization")
            .doc("Semi-supervised Entropy Minimization (Grandvalet and Bengio, 2005)."), 0.1)
            .factory(p -> new EntropyMinimization(RegularWeight.from(p))).build();
    private final RegularWeight weight;
    private final EntropyLoss entropy = new EntropyLoss();

    /**
     * @param rampupEnd null for {@code iter_max}
     */
    public EntropyMinimization(double regularizeW, int rampupStart, Integer rampupEnd) {
        this(new RegularWeight(regularizeW, rampupStart, rampupEnd));
    }

    public EntropyMinimization(RegularWeight weight) {
        this.weight = weight;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SegNetwork> createNetworks(NetworkFactory factory) {
        return Methods.oneNetworkPerType(factory);
    }

    @Override
    public List<StreamSpec> streams() {
        return StreamSpec.SEMI_SUPERVISED;
    }

    @Override
    public NDArray loss(StepContext ctx) {
        NDArray x0 = ctx.image();
        long n0 = x0.getShape().get(0);
        return RegularizedSum.of(ctx, weight.at(ctx), x0.concat(ctx.unlabelledImage(), 0),
                out -> new NDArray[] {ctx.supervisedLoss(out.head(n0)), entropy.compute(out.main())});
    }
}
