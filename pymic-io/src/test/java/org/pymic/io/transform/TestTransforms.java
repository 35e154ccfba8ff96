package org.pymic.io.transform;

import java.util.Map;
import java.util.SplittableRandom;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;
import org.pymic.io.data.Sample;

/** Helpers for the transform tests: build a registered transform and small samples. */
final class TestTransforms {
    private TestTransforms() {
    }

    static Transform make(String name, Map<String, ?> params) {
        ComponentSpec spec = Registry.global().require(ComponentKind.TRANSFORM, name);
        return spec.create(Params.resolve(spec, params));
    }

    static Volume vol(int d, int h, int w, float... v) {
        return Volume.of(v, 1, d, h, w);
    }

    static Sample sample(Volume image, Volume label) {
        return new Sample("case", image, label, null);
    }

    static SplittableRandom rng(long seed) {
        return new SplittableRandom(seed);
    }

    /** 0, 1, 2, ... as a one-channel volume. */
    static Volume ramp(int d, int h, int w) {
        float[] x = new float[d * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return Volume.of(x, 1, d, h, w);
    }
}
