package org.pymic.io.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.pymic.io.transform.TestTransforms.make;
import static org.pymic.io.transform.TestTransforms.rng;
import static org.pymic.io.transform.TestTransforms.sample;
import static org.pymic.io.transform.TestTransforms.vol;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;

class RandomColorJitterTest {

    private static float[] jitter(Map<String, ?> params, Volume img, java.util.random.RandomGenerator r) {
        return make("RandomColorJitter", params).apply(sample(img, null), r).image().data();
    }

    @Test
    void scalesAroundTheMeanAndShiftsByAFractionOfTheStd() {
        // x = 1..4: mean 2.5, population std sqrt(1.25) = 1.1180340; draws: apply (0), f_b = 1.5, f_c = 0.5
        ScriptedRandom r = new ScriptedRandom().withDoubles(0.0, 1.0, 0.0);
        float[] out = jitter(Map.of("probability", 1.0), vol(1, 1, 4, 1, 2, 3, 4), r);
        // x' = 2.5 + 0.5 (x - 2.5) + 0.5 * 1.1180340
        assertThat(out).containsExactly(new float[] {2.309017f, 2.809017f, 3.309017f, 3.809017f}, within(1e-6f));
        assertThat(r.exhausted()).isTrue();
    }

    @Test
    void factorsAreUniformOnTorchvisionsRangesClippedAtZero() {
        // brightness 2: f_b in [0, 3], draw 0.5 -> 1.5; contrast 0.2: f_c in [0.8, 1.2], draw 0.25 -> 0.9
        ScriptedRandom r = new ScriptedRandom().withDoubles(0.0, 0.5, 0.25);
        float[] out = jitter(Map.of("brightness", 2.0, "contrast", 0.2), vol(1, 1, 2, 0, 2), r);
        // mean 1, std 1: x' = 1 + 0.9 (x - 1) + 0.5
        assertThat(out).containsExactly(new float[] {0.6f, 2.4f}, within(1e-6f));
    }

    @Test
    void aConstantImageIsUnchanged() {
        Volume img = vol(1, 2, 2, 3, 3, 3, 3);
        for (long seed = 0; seed < 20; seed++) {
            assertThat(jitter(Map.of("probability", 1.0, "brightness", 0.9, "contrast", 0.9), img, rng(seed)))
                    .containsOnly(3f);
        }
    }

    @Test
    void probabilityZeroIsIdentityAndOneAlwaysApplies() {
        float[] x = new float[16];
        SplittableRandom data = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) data.nextGaussian();
        }
        Volume img = Volume.of(x, 1, 1, 4, 4);
        for (long seed = 0; seed < 50; seed++) {
            assertThat(jitter(Map.of("probability", 0.0), img, rng(seed))).containsExactly(x);
            assertThat(jitter(Map.of("probability", 1.0), img, rng(seed))).isNotEqualTo(x);
        }
    }

    @Test
    void channelsAreJitteredIndependentlyAndOnlyTheListedOnes() {
        Volume img = Volume.of(new float[] {0, 2, 10, 30}, 2, 1, 1, 2);
        // channel 1 only: mean 20, std 10; f_b = 1 (draw .5 of [.5, 1.5]), f_c = 1.5 (draw 1)
        ScriptedRandom r = new ScriptedRandom().withDoubles(0.0, 0.5, 1.0);
        float[] out = jitter(Map.of("channels", List.of(1)), img, r);
        assertThat(out).containsExactly(new float[] {0, 2, 5, 35}, within(1e-5f));
    }

    @Test
    void invalidParametersNameTheirKey() {
        assertThatThrownBy(() -> make("RandomColorJitter", Map.of("brightness", -0.1)))
                .isInstanceOf(PymicException.class).hasMessageContaining("RandomColorJitter_brightness");
        assertThatThrownBy(() -> make("RandomColorJitter", Map.of("contrast", -1.0)))
                .hasMessageContaining("RandomColorJitter_contrast");
        assertThatThrownBy(() -> make("RandomColorJitter", Map.of("probability", 1.5)))
                .hasMessageContaining("RandomColorJitter_probability");
    }
}
