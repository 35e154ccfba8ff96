package org.pymic.net.cct;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * CCT's feature dropping (Ouali et al., CVPR 2020; PyMIC's {@code AuxiliaryDecoder.feature_drop}):
 * the channel mean of a feature map is its attention a (N, 1, spatial...); with u drawn once per
 * call from U(0.7, 0.9), every position where a &ge; u * max(a over the sample) is set to 0 in all
 * channels, so the most activated regions are hidden from the auxiliary decoder. The mask carries
 * no gradient.
 */
public final class FeatureDrop {
    /** PyMIC's {@code np.random.uniform(0.7, 0.9)} bounds of the threshold ratio. */
    public static final float LOW = 0.7f;
    public static final float HIGH = 0.9f;

    private FeatureDrop() {
    }

    /** {@code x} (N, C, spatial...) with its most activated positions dropped; u from the engine's seeded generator. */
    public static NDArray apply(NDArray x) {
        return apply(x, x.getManager().randomUniform(LOW, HIGH, new Shape(1)));
    }

    /** The rule with a given threshold ratio {@code u} (an array of one value). */
    static NDArray apply(NDArray x, NDArray u) {
        long n = x.getShape().get(0);
        long[] perSample = new long[x.getShape().dimension()];
        java.util.Arrays.fill(perSample, 1);
        perSample[0] = n;
        NDArray attention = x.stopGradient().mean(new int[] {1}, true);
        NDArray threshold = attention.reshape(n, -1).max(new int[] {1}, true).mul(u).reshape(new Shape(perSample));
        NDArray keep = attention.lt(threshold).toType(x.getDataType(), false);
        return x.mul(keep);
    }
}
