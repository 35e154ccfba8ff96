package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.loss.Scalars;
import org.pymic.net.NetOutput;
import org.pymic.net.SegNetwork;

/**
 * Cross Pseudo Supervision (Chen et al., "Semi-Supervised Semantic Segmentation with Cross Pseudo
 * Supervision", CVPR 2021), as PyMIC's {@code SSLCPS} (method name {@code CPS}). Two networks
 * {@code net1} and {@code net2} (the same {@code net_type} twice, or the two entries of a
 * {@code net_type} list) both learn from labelled plus unlabelled images; on the unlabelled part each is
 * supervised by the one-hot arg-max of the other ({@link PseudoLabels}, no gradient through the labels):
 * <pre>
 *   L = sum_{i=1,2} L_sup(p_i, y) + regularize_w * rampup(it) * L_sup(p_i^u, onehot(argmax p_j^u)),  j != i
 * </pre>
 * with the configured supervised loss and PyMIC's sigmoid ramp-up. Both networks' logits are averaged
 * at inference.
 */
public final class CrossPseudoSupervision implements Method {
    public static final String NAME = "CPS";
    public static final ComponentSpec SPEC = RegularWeight.declare(ComponentSpec.builder(ComponentKind.METHOD, NAME)
            .doc("Cross pseudo supervision (Chen et al. 2021): two networks teach each other."), 0.1)
            .factory(p -> new CrossPseudoSupervision(RegularWeight.from(p))).build();
    private final RegularWeight weight;

    /**
     * @param rampupEnd null for {@code iter_max}
     */
    public CrossPseudoSupervision(double regularizeW, int rampupStart, Integer rampupEnd) {
        this(new RegularWeight(regularizeW, rampupStart, rampupEnd));
    }

    public CrossPseudoSupervision(RegularWeight weight) {
        this.weight = weight;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SegNetwork> createNetworks(NetworkFactory factory) {
        return twoNetworks(factory, NAME);
    }

    /** "net1" and "net2": the single configured type twice, or the two types of a list. */
    static Map<String, SegNetwork> twoNetworks(NetworkFactory factory, String method) {
        if (factory.count() > 2) {
            throw PymicException.config(method + " trains two networks: [network] net_type lists "
                    + factory.count() + " types, expected one or two");
        }
        Map<String, SegNetwork> m = new LinkedHashMap<>();
        m.put("net1", factory.create(0));
        m.put("net2", factory.create(factory.count() == 2 ? 1 : 0));
        return m;
    }

    @Override
    public List<StreamSpec> streams() {
        return StreamSpec.SEMI_SUPERVISED;
    }

    /** The regularisation weight at this step, {@code regularize_w * rampup}. */
    public double regularWeight(StepContext ctx) {
        return weight.at(ctx);
    }

    @Override
    public NDArray loss(StepContext ctx) {
        NDArray x0 = ctx.image();
        long n0 = x0.getShape().get(0);
        NDArray inputs = x0.concat(ctx.unlabelledImage(), 0);
        NetOutput out1 = ctx.forward("net1", inputs);
        NetOutput out2 = ctx.forward("net2", inputs);
        NDArray sup1 = ctx.supervisedLoss(out1.head(n0));
        NDArray sup2 = ctx.supervisedLoss(out2.head(n0));
        NetOutput u1 = out1.tail(n0);
        NetOutput u2 = out2.tail(n0);
        NDArray pse1 = PseudoLabels.oneHotArgmax(u1.main());
        NDArray pse2 = PseudoLabels.oneHotArgmax(u2.main());
        NDArray pseSup1 = ctx.supervisedLoss(u1, pse2);
        NDArray pseSup2 = ctx.supervisedLoss(u2, pse1);
        double w = regularWeight(ctx);
        NDArray total = sup1.add(Scalars.mul(pseSup1, w)).add(sup2).add(Scalars.mul(pseSup2, w));
        ctx.record("loss", total);
        ctx.record("loss_sup1", sup1);
        ctx.record("loss_sup2", sup2);
        ctx.record("loss_pse_sup1", pseSup1);
        ctx.record("loss_pse_sup2", pseSup2);
        ctx.record("regular_w", w);
        return total;
    }
}
