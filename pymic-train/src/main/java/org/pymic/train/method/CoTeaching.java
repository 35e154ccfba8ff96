package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.loss.LossOps;
import org.pymic.loss.Scalars;
import org.pymic.net.SegNetwork;

/**
 * Co-teaching for noisy labels (Han et al., "Co-teaching: Robust Training of Deep Neural Networks with
 * Extremely Noisy Labels", NeurIPS 2018), as PyMIC's {@code NLLCoTeaching} (method name
 * {@code CoTeaching} in {@code [noisy_label_learning]}). Two networks {@code net1}, {@code net2} predict
 * the same noisy-labelled batch; per pixel {@code l_i = -sum_k y_k log(0.999 p_ik + 5e-4)}. With the
 * forget rate {@code f = (1 - co_teaching_select_ratio) * rampup(it)} (sigmoid ramp-up) each network keeps
 * its {@code m = floor((1 - f) M)} smallest-loss pixels of the {@code M} in the batch, and each network
 * learns from the pixels its peer kept:
 * <pre>
 *   L = mean_{x in S_2} l_1(x) + mean_{x in S_1} l_2(x),   S_j = the m smallest l_j
 * </pre>
 * As in PyMIC the loss is pixel-wise cross-entropy whatever {@code loss_type} says, and pixel weights are
 * not used. Both networks' logits are averaged at inference.
 */
public final class CoTeaching implements Method {
    public static final String NAME = "CoTeaching";
    public static final ComponentSpec SPEC = RegularWeight.declareRampup(ComponentSpec.builder(ComponentKind.METHOD, NAME)
            .doc("Co-teaching (Han et al. 2018): two networks exchange their small-loss pixels.")
            .required("co_teaching_select_ratio", ParamType.FLOAT,
                    "fraction of pixels kept once the forget rate is ramped up"))
            .factory(p -> new CoTeaching(p.getDouble("co_teaching_select_ratio"), RegularWeight.start(p),
                    RegularWeight.end(p)))
            .build();
    private final double selectRatio;
    private final int rampupStart;
    private final Integer rampupEnd;

    /**
     * @param selectRatio {@code co_teaching_select_ratio}, the fraction of pixels kept after the ramp-up
     * @param rampupEnd null for {@code iter_max}
     */
    public CoTeaching(double selectRatio, int rampupStart, Integer rampupEnd) {
        if (!(selectRatio > 0 && selectRatio <= 1)) {
            throw org.pymic.core.error.PymicException.config("co_teaching_select_ratio must be in (0, 1], got "
                    + selectRatio);
        }
        this.selectRatio = selectRatio;
        this.rampupStart = rampupStart;
        this.rampupEnd = rampupEnd;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SegNetwork> createNetworks(NetworkFactory factory) {
        return CrossPseudoSupervision.twoNetworks(factory, NAME);
    }

    /** Fraction of pixels kept at this step, {@code 1 - (1 - select_ratio) * rampup}. */
    public double keptFraction(StepContext ctx) {
        return 1 - (1 - selectRatio) * ctx.sigmoidRampup(rampupStart, rampupEnd);
    }

    /** Per-pixel cross-entropy {@code -sum_k y_k log(0.999 p_k + 5e-4)}, flattened to (M). */
    public static NDArray pixelCrossEntropy(NDArray logits, NDArray target) {
        NDArray q = LossOps.stable(logits.softmax(1));
        return target.mul(q.log()).sum(new int[] {1}).neg().flatten();
    }

    /** A 0/1 mask (M) of the {@code keep} smallest values of {@code losses} (M), without gradient. */
    public static NDArray smallLossMask(NDArray losses, int keep) {
        long[] order = losses.stopGradient().argSort().toLongArray();
        float[] mask = new float[order.length];
        for (int i = 0; i < keep && i < order.length; i++) {
            mask[(int) order[i]] = 1f;
        }
        return losses.getManager().create(mask).toType(losses.getDataType(), false);
    }

    @Override
    public NDArray loss(StepContext ctx) {
        NDArray x = ctx.image();
        NDArray y = ctx.label();
        NDArray l1 = pixelCrossEntropy(ctx.forward("net1", x).main(), y);
        NDArray l2 = pixelCrossEntropy(ctx.forward("net2", x).main(), y);
        long m = l1.getShape().get(0);
        double kept = keptFraction(ctx);
        int keep = (int) Math.max(1, Math.floor(kept * m));
        NDArray keep1 = smallLossMask(l1, keep);
        NDArray keep2 = smallLossMask(l2, keep);
        NDArray loss1 = Scalars.div(l1.mul(keep2).sum(), keep);
        NDArray loss2 = Scalars.div(l2.mul(keep1).sum(), keep);
        NDArray total = loss1.add(loss2);
        ctx.record("loss", Scalars.div(total, 2));
        ctx.record("loss1", loss1);
        ctx.record("loss2", loss2);
        ctx.record("loss_no_select1", l1.mean());
        ctx.record("loss_no_select2", l2.mean());
        ctx.record("select_ratio", kept);
        return total;
    }
}
