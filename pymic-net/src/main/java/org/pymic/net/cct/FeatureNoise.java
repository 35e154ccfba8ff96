package org.pymic.net.cct;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.pymic.net.layer.Layout;

/**
 * CCT's feature-based noise (PyMIC's {@code AuxiliaryDecoder.feature_based_noise}):
 * x + x * r, r (1, C, spatial...) drawn from U(-range, range) once per call and shared by the
 * samples of the batch, so the noise is proportional to the activation ({@code Uniform_range},
 * default 0.3).
 */
public final class FeatureNoise {
    private FeatureNoise() {
    }

    /** {@code x} with multiplicative uniform noise from the engine's seeded generator, in {@code layout}. */
    public static NDArray apply(NDArray x, double range, Layout layout) {
        if (range == 0) {
            return x;
        }
        long[] s = x.getShape().getShape().clone();
        s[0] = 1;
        NDArray r = x.getManager().randomUniform((float) -range, (float) range, new Shape(s));
        return apply(x, layout.apply(r));
    }

    /** x + x * r for a given noise {@code r} (1, C, spatial...). */
    static NDArray apply(NDArray x, NDArray r) {
        return x.mul(r).add(x);
    }
}
