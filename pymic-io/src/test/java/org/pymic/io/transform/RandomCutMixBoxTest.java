package org.pymic.io.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pymic.io.transform.TestTransforms.make;
import static org.pymic.io.transform.TestTransforms.ramp;
import static org.pymic.io.transform.TestTransforms.rng;
import static org.pymic.io.transform.TestTransforms.sample;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.io.data.Sample;

class RandomCutMixBoxTest {

    private static Volume box(Map<String, ?> params, Volume img, java.util.random.RandomGenerator r) {
        Sample s = make("RandomCutMixBox", params).apply(sample(img, null), r);
        assertThat(s.isExtraMask("cutmix_box")).isTrue();
        return s.extraVolume("cutmix_box");
    }

    @Test
    void drawsAreUniMatchsObtainCutmixBox() {
        // 10 x 10: area (0.02 + 0.5 * 0.38) * 100 = 21. First try: ratio 0.3, w = floor(sqrt(70)) = 8,
        // h = floor(sqrt(6.3)) = 2 at x = 5: 5 + 8 > 10, rejected. Second: ratio 1/0.3, w = 2, h = 8 at (x 3, y 1).
        ScriptedRandom r = new ScriptedRandom().withDoubles(0.0, 0.5, 0.0, 1.0).withInts(5, 0, 3, 1);
        Volume m = box(Map.of(), Volume.of(new float[100], 1, 1, 10, 10), r);
        assertThat(r.exhausted()).isTrue();
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                float want = y >= 1 && y <= 8 && x >= 3 && x <= 4 ? 1f : 0f;
                assertThat(m.get(0, 0, y, x)).as("y %d x %d", y, x).isEqualTo(want);
            }
        }
    }

    @Test
    void everySliceGetsOneBoxInsideTheImageWithinTheAreaBounds() {
        int h = 32;
        int w = 32;
        // floor(sqrt(A / r)) floor(sqrt(A r)) >= (sqrt(A / r) - 1)(sqrt(A r) - 1), smallest at A = 0.02 h w, r = 0.3
        double a = 0.02 * h * w;
        double lower = (Math.sqrt(a / 0.3) - 1) * (Math.sqrt(a * 0.3) - 1);
        double upper = 0.4 * h * w;
        Set<Integer> areas = new HashSet<>();
        for (long seed = 0; seed < 300; seed++) {
            Volume m = box(Map.of("probability", 1.0), Volume.of(new float[4 * h * w], 1, 4, h, w), rng(seed));
            assertThat(m.shape()).containsExactly(1, 4, h, w);
            for (int z = 0; z < 4; z++) {
                int count = 0;
                int y0 = h;
                int y1 = -1;
                int x0 = w;
                int x1 = -1;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        float v = m.get(0, z, y, x);
                        if (v != 0f && v != 1f) {
                            throw new AssertionError("mask value " + v + " at z " + z + " y " + y + " x " + x);
                        }
                        if (v == 1f) {
                            count++;
                            y0 = Math.min(y0, y);
                            y1 = Math.max(y1, y);
                            x0 = Math.min(x0, x);
                            x1 = Math.max(x1, x);
                        }
                    }
                }
                // one solid rectangle, not clipped by the border (the ones fill their bounding box)
                assertThat(count).isEqualTo((y1 - y0 + 1) * (x1 - x0 + 1));
                assertThat((double) count).isBetween(lower, upper);
                areas.add(count);
            }
        }
        assertThat(areas.size()).as("box areas vary").isGreaterThan(50);
    }

    @Test
    void probabilityZeroMakesNoBoxAndOneAlwaysDoesLeavingImageAndLabelAlone() {
        // 32 x 32: the smallest box (area 20.48, ratio 1/0.3) is 2 x 8, never empty as it can be on tiny slices
        for (long seed = 0; seed < 50; seed++) {
            assertThat(box(Map.of("probability", 0.0), ramp(2, 32, 32), rng(seed)).data()).containsOnly(0f);
            Sample s = sample(ramp(2, 32, 32), ramp(2, 32, 32));
            make("RandomCutMixBox", Map.of("probability", 1.0)).apply(s, rng(seed));
            Volume m = s.extraVolume("cutmix_box");
            for (int z = 0; z < 2; z++) {
                double sum = 0;
                for (int j = 0; j < 32 * 32; j++) {
                    sum += m.data()[z * 32 * 32 + j];
                }
                assertThat(sum).as("seed %d slice %d", seed, z).isPositive();
            }
            assertThat(s.image().data()).containsExactly(ramp(2, 32, 32).data());
            assertThat(s.label().data()).containsExactly(ramp(2, 32, 32).data());
        }
    }

    @Test
    void aSliceNoBoxCanFitIsAnErrorNamingTheKeys() {
        // 1 x 100 with at least 40 % of the area: h = floor(sqrt(40 r)) >= 3 > 1 whatever the ratio
        assertThatThrownBy(() -> box(Map.of("probability", 1.0, "size_min", 0.4), Volume.of(new float[100], 1, 1, 1, 100),
                rng(1)))
                .isInstanceOf(PymicException.class)
                .hasMessageContaining("1 x 100")
                .hasMessageContaining("RandomCutMixBox_size_max");
    }

    @Test
    void invalidParametersNameTheirKey() {
        assertThatThrownBy(() -> make("RandomCutMixBox", Map.of("size_min", 0.5)))
                .isInstanceOf(PymicException.class).hasMessageContaining("RandomCutMixBox_size_max");
        assertThatThrownBy(() -> make("RandomCutMixBox", Map.of("size_min", 0.0)))
                .hasMessageContaining("RandomCutMixBox_size_min");
        assertThatThrownBy(() -> make("RandomCutMixBox", Map.of("size_max", 1.5)))
                .hasMessageContaining("RandomCutMixBox_size_max");
        assertThatThrownBy(() -> make("RandomCutMixBox", Map.of("ratio_min", -1.0)))
                .hasMessageContaining("RandomCutMixBox_ratio_min");
        assertThatThrownBy(() -> make("RandomCutMixBox", Map.of("ratio_max", 0.1)))
                .hasMessageContaining("RandomCutMixBox_ratio_max");
        assertThatThrownBy(() -> make("RandomCutMixBox", Map.of("probability", 2.0)))
                .hasMessageContaining("RandomCutMixBox_probability");
    }
}
