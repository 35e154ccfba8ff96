package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamType;

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
 * (the two-network case of {@link SmallLossCoTraining}). As in PyMIC the loss is pixel-wise cross-entropy
 * whatever {@code loss_type} says, and pixel weights are not used. Both networks' logits are averaged at
 * inference.
 */
public final class CoTeaching extends SmallLossCoTraining {
    public static final String NAME = "CoTeaching";
    public static final ComponentSpec SPEC = RegularWeight.declareRampup(ComponentSpec.builder(ComponentKind.METHOD, NAME)
            .doc("Co-teaching (Han et al. 2018): two networks exchange their small-loss pixels.")
            .required("co_teaching_select_ratio", ParamType.FLOAT,
                    "fraction of pixels kept once the forget rate is ramped up"))
            .factory(p -> new CoTeaching(p.getDouble("co_teaching_select_ratio"), RegularWeight.start(p),
                    RegularWeight.end(p)))
            .build();

    /**
     * @param selectRatio {@code co_teaching_select_ratio}, the fraction of pixels kept after the ramp-up
     * @param rampupEnd null for {@code iter_max}
     */
    public CoTeaching(double selectRatio, int rampupStart, Integer rampupEnd) {
        super(NAME, 2, "co_teaching_select_ratio", selectRatio, rampupStart, rampupEnd);
    }

    /** Fraction of pixels kept at this step, {@code 1 - (1 - select_ratio) * rampup}. */
    @Override
    public double keptFraction(StepContext ctx) {
        return 1 - (1 - selectRatio) * ctx.sigmoidRampup(rampupStart, rampupEnd);
    }

    /** Per-pixel cross-entropy {@code -sum_k y_k log(0.999 p_k + 5e-4)}, flattened to (M). */
    public static NDArray pixelCrossEntropy(NDArray logits, NDArray target) {
        return SmallLossCoTraining.pixelCrossEntropy(logits, target);
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

    /** The number of pixels each network keeps of {@code m}: {@code floor(kept m)}, at least one. */
    static int keepCount(double kept, long m) {
        return (int) Math.max(1, Math.floor(kept * m));
    }

    @Override
    NDArray select(NDArray losses, double kept) {
        return smallLossMask(losses, keepCount(kept, losses.getShape().get(0)));
    }

    /** As PyMIC's NLLCoTeaching: the sum of the two networks' losses (the log shows their mean). */
    @Override
    NDArray objective(NDArray sum, NDArray mean) {
        return sum;
    }
}
