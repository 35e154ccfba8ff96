package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pymic.core.error.PymicException;
import org.pymic.loss.Scalars;
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
    private final double regularizeW;
    private final int rampupStart;
    private final Integer rampupEnd;

    /**
     * @param rampupEnd null for {@code iter_max}
     */
    public CrossPseudoSupervision(double regularizeW, int rampupStart, Integer rampupEnd) {
        this.regularizeW = regularizeW;
        this.rampupStart = rampupStart;
        this.rampupEnd = rampupEnd;
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
    public boolean needsUnlabelled() {
        return true;
    }

    /** The regularisation weight at this step, {@code regularize_w * rampup}. */
    public double regularWeight(StepContext ctx) {
        return ctx.regularWeight(regularizeW, rampupStart, rampupEnd);
    }

    @Override
    public NDArray loss(StepContext ctx) {
        NDArray x0 = ctx.image();
        long n0 = x0.getShape().get(0);
        NDArray inputs = x0.concat(ctx.unlabelledImage(), 0);
        NDList out1 = ctx.forward("net1", inputs);
        NDList out2 = ctx.forward("net2", inputs);
        NDArray sup1 = ctx.supervisedLoss(SplitOutputs.head(out1, n0));
        NDArray sup2 = ctx.supervisedLoss(SplitOutputs.head(out2, n0));
        NDList u1 = SplitOutputs.tail(out1, n0);
        NDList u2 = SplitOutputs.tail(out2, n0);
        NDArray pse1 = PseudoLabels.oneHotArgmax(u1.head());
        NDArray pse2 = PseudoLabels.oneHotArgmax(u2.head());
        NDArray pseSup1 = ctx.supervisedLoss().compute(u1, pse2, null);
        NDArray pseSup2 = ctx.supervisedLoss().compute(u2, pse1, null);
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
