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
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;

class RandomGaussianBlurTest {
    /** exp(-i^2 / 2) for i = -3..3 normalised to sum 1 (sigma 1, radius 3), computed independently. */
    private static final double[] K1 = {0.004433048, 0.054005583, 0.242036229, 0.399050280, 0.242036229,
        0.054005583, 0.004433048};
    /** sigma 0.5, radius ceil(1.5) = 2. */
    private static final double[] K05 = {0.000263865, 0.106450772, 0.786570726, 0.106450772, 0.000263865};

    private static float[] blur(Map<String, ?> params, Volume img, RandomGenerator r) {
        return make("RandomGaussianBlur", params).apply(sample(img, null), r).image().data();
    }

    private static Volume delta(int d, int h, int w, int z, int y, int x) {
        float[] v = new float[d * h * w];
        v[(z * h + y) * w + x] = 1f;
        return Volume.of(v, 1, d, h, w);
    }

    @Test
    void blurOfADeltaIsTheNormalisedKernelInPlaneOnly() {
        // three 9 x 9 slices, delta at the centre of the middle one; sigma drawn as 0.5 + 0.5 * (1.5 - 0.5) = 1
        ScriptedRandom r = new ScriptedRandom().withDoubles(0.0, 0.5);
        float[] out = blur(Map.of("sigma_range", List.of(0.5, 1.5), "probability", 1.0), delta(3, 9, 9, 1, 4, 4), r);
        for (int z = 0; z < 3; z++) {
            for (int y = 0; y < 9; y++) {
                for (int x = 0; x < 9; x++) {
                    double want = 0;
                    if (z == 1 && Math.abs(y - 4) <= 3 && Math.abs(x - 4) <= 3) {
                        want = K1[y - 1] * K1[x - 1];
                    }
                    assertThat((double) out[(z * 9 + y) * 9 + x]).as("z %d y %d x %d", z, y, x)
                            .isCloseTo(want, within(1e-7));
                }
            }
        }
        assertThat(r.exhausted()).isTrue();
    }

    @Test
    void bordersRepeatTheEdgePixel() {
        // row [1, 0, 0], sigma 0.5: taps left of pixel 0 read pixel 0 (reflect padding would give K05[2] there)
        float[] out = blur(Map.of("sigma_range", List.of(0.5, 0.5), "probability", 1.0), vol(1, 1, 3, 1, 0, 0),
                rng(1));
        assertThat(out[0]).isCloseTo((float) (K05[0] + K05[1] + K05[2]), within(1e-6f));
        assertThat(out[1]).isCloseTo((float) (K05[0] + K05[1]), within(1e-6f));
        assertThat(out[2]).isCloseTo((float) K05[0], within(1e-6f));
    }

    @Test
    void probabilityZeroIsIdentityAndOneAlwaysApplies() {
        float[] x = new float[2 * 8 * 8];
        SplittableRandom data = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) data.nextDouble();
        }
        Volume img = Volume.of(x, 2, 1, 8, 8);
        for (long seed = 0; seed < 20; seed++) {
            assertThat(blur(Map.of("probability", 0.0), img, rng(seed))).containsExactly(x);
            float[] out = blur(Map.of("probability", 1.0, "sigma_range", List.of(1.0, 2.0)), img, rng(seed));
            for (int c = 0; c < 2; c++) {
                assertThat(java.util.Arrays.copyOfRange(out, c * 64, c * 64 + 64))
                        .isNotEqualTo(java.util.Arrays.copyOfRange(x, c * 64, c * 64 + 64));
            }
        }
    }

    @Test
    void invalidParametersNameTheirKey() {
        assertThatThrownBy(() -> make("RandomGaussianBlur", Map.of("sigma_range", List.of(2.0, 1.0))))
                .isInstanceOf(PymicException.class).hasMessageContaining("RandomGaussianBlur_sigma_range");
        assertThatThrownBy(() -> make("RandomGaussianBlur", Map.of("sigma_range", List.of(1.0))))
                .hasMessageContaining("RandomGaussianBlur_sigma_range");
        assertThatThrownBy(() -> make("RandomGaussianBlur", Map.of("sigma_range", List.of(-1.0, 1.0))))
                .hasMessageContaining("RandomGaussianBlur_sigma_range");
        assertThatThrownBy(() -> make("RandomGaussianBlur", Map.of("probability", -0.5)))
                .hasMessageContaining("RandomGaussianBlur_probability");
    }
}
