package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamType;

/**
 * Tri-network for noisy labels (Zhang et al., "Robust Medical Image Segmentation from Non-expert
 * Annotations with Tri-network", MICCAI 2020), as PyMIC's {@code NLLTriNet} (method name {@code TriNet}
 * in {@code [noisy_label_learning]}). Three networks {@code net1..net3} predict the same noisy-labelled
 * batch; with the kept fraction {@code r = 1 - (1 - trinet_select_ratio) * rampup(it)} (PyMIC's linear
 * ramp-up from {@code rampup_start} to {@code rampup_end}) network {@code j} selects the pixels whose
 * loss is below the {@code r}-quantile of its losses ({@code S_j = l_j < quantile(l_j, r)}, torch's
 * linear interpolation, strict), and each network learns where the other two agree:
 * <pre>
 *   L = (L_1 + L_2 + L_3) / 3,   L_i = sum l_i S_j S_k / sum S_j S_k,   {i, j, k} = {1, 2, 3}
 * </pre>
 * (the three-network case of {@link SmallLossCoTraining}). As in PyMIC the loss is pixel-wise
 * cross-entropy whatever {@code loss_type} says, and pixel weights are not used. The three networks'
 * logits are averaged at inference.
 */
public final class TriNet extends SmallLossCoTraining {
    public static final String NAME = "TriNet";
    public static final ComponentSpec SPEC = RegularWeight.declareRampup(ComponentSpec.builder(ComponentKind.METHOD, NAME)
            .doc("Tri-network (Zhang et al. 2020): each of three networks learns on the pixels the other two select as small-loss.")
            .required("trinet_select_ratio", ParamType.FLOAT,
                    "fraction of pixels (loss quantile) each network selects once the ramp-up is complete"))
            .factory(p -> new TriNet(p.getDouble("trinet_select_ratio"), RegularWeight.start(p), RegularWeight.end(p)))
            .build();

    /**
     * @param selectRatio {@code trinet_select_ratio}, the loss quantile kept after the ramp-up
     * @param rampupEnd null for {@code iter_max}
     */
    public TriNet(double selectRatio, int rampupStart, Integer rampupEnd) {
        super(NAME, 3, "trinet_select_ratio", selectRatio, rampupStart, rampupEnd);
    }

    /** The quantile kept at this step, {@code 1 - (1 - select_ratio) * rampup} with the linear ramp-up. */
    @Override
    public double keptFraction(StepContext ctx) {
        int end = rampupEnd == null ? ctx.iterMax() : rampupEnd;
        return 1 - (1 - selectRatio) * ctx.rampup(rampupStart, end, "linear");
    }

    /**
     * torch's {@code quantile(v, q)}: the sorted values interpolated linearly at position
     * {@code q (M - 1)}.
     */
    static double quantile(float[] v, double q) {
        float[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    /** A 0/1 mask (M) of the losses strictly below their {@code q}-quantile, without gradient. */
    public static NDArray belowQuantileMask(NDArray losses, double q) {
        float[] v = losses.stopGradient().toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        float threshold = (float) quantile(v, q);
        float[] mask = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            mask[i] = v[i] < threshold ? 1f : 0f;
        }
        return losses.getManager().create(mask).toType(losses.getDataType(), false);
    }

    @Override
    NDArray select(NDArray losses, double kept) {
        return belowQuantileMask(losses, kept);
    }

    /** As PyMIC's NLLTriNet: the mean of the three networks' losses. */
    @Override
    NDArray objective(NDArray sum, NDArray mean) {
        return mean;
    }
}
