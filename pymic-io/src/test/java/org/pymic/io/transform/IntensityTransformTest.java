package org.pymic.io.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.pymic.io.transform.TestTransforms.make;
import static org.pymic.io.transform.TestTransforms.rng;
import static org.pymic.io.transform.TestTransforms.sample;
import static org.pymic.io.transform.TestTransforms.vol;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pymic.core.image.Volume;
import org.pymic.io.data.Sample;

class IntensityTransformTest {

    private static float[] run(String name, Map<String, ?> params, Volume img) {
        return make(name, params).apply(sample(img, null), rng(7)).image().data();
    }

    @Test
    void meanStdUsesPopulationStatistics() {
        // mean 2.5, population std sqrt(1.25)
        double sd = Math.sqrt(1.25);
        float[] out = run("NormalizeWithMeanStd", Map.of(), vol(1, 1, 4, 1, 2, 3, 4));
        assertThat(out[0]).isCloseTo((float) (-1.5 / sd), within(1e-6f));
        assertThat(out[3]).isCloseTo((float) (1.5 / sd), within(1e-6f));
    }

    @Test
    void meanStdWithGivenValuesOnlyTouchesListedChannels() {
        Volume img = Volume.of(new float[] {1, 3, 10, 20}, 2, 1, 1, 2);
        float[] out = run("NormalizeWithMeanStd", Map.of("channels", List.of(1), "mean", List.of(10.0),
                "std", List.of(5.0)), img);
        assertThat(out).containsExactly(1, 3, 0, 2);
    }

    @Test
    void minMaxClipsToThresholds() {
        float[] out = run("NormalizeWithMinMax", Map.of("threshold_lower", List.of(0.0),
                "threshold_upper", List.of(10.0)), vol(1, 1, 4, -5, 0, 5, 20));
        assertThat(out).containsExactly(0f, 0f, 0.5f, 1f);
        float[] auto = run("NormalizeWithMinMax", Map.of(), vol(1, 1, 3, 2, 4, 6));
        assertThat(auto).containsExactly(0f, 0.5f, 1f);
    }

    @Test
    void percentilesFollowNumpyLinearInterpolation() {
        float[] x = new float[11];
        for (int i = 0; i < 11; i++) {
            x[i] = i;
        }
        // 10th percentile of 0..10 is 1, 90th is 9
        float[] out = run("NormalizeWithPercentiles", Map.of("percentile_lower", 10.0, "percentile_upper", 90.0),
                Volume.of(x, 1, 1, 1, 11));
        assertThat(out[0]).isEqualTo(0f);
        assertThat(out[5]).isCloseTo(0.5f, within(1e-6f));
        assertThat(out[10]).isEqualTo(1f);
        assertThat(out[3]).isCloseTo(0.25f, within(1e-6f));
    }

    @Test
    void intensityClipClipsPerChannelIndex() {
        float[] out = run("IntensityClip", Map.of("lower", List.of(1.0), "upper", List.of(2.0)),
                vol(1, 1, 4, 0, 1.5f, 2, 9));
        assertThat(out).containsExactly(1f, 1.5f, 2f, 2f);
    }

    @Test
    void gammaOfTwoSquaresTheNormalisedIntensity() {
        float[] out = run("GammaCorrection", Map.of("gamma_min", 2.0, "gamma_max", 2.0, "probability", 1.0),
                vol(1, 1, 3, 0, 1, 2));
        // u = 0, .5, 1 ; u^2 * 2 + 0
        assertThat(out).usingComparatorWithPrecision(1e-6f).containsExactly(0f, 0.5f, 2f);
    }

    @Test
    void gaussianNoiseTakesPymic05sStandardDeviationRange() {
        // std drawn from [std_min, std_max] = [0.5, 0.5]; probability 1 and per channel 1: always applied
        float[] out = run("GaussianNoise", Map.of("std_min", 0.5, "std_max", 0.5, "probability", 1.0,
                "probability_per_channel", 1.0), Volume.of(new float[20000], 1, 1, 100, 200));
        double sq = 0;
        for (float v : out) {
            sq += v * v;
        }
        assertThat(Math.sqrt(sq / out.length)).isCloseTo(0.5, within(0.02));
        // probability 0: unchanged
        float[] none = run("GaussianNoise", Map.of("probability", 0.0), Volume.of(new float[100], 1, 1, 10, 10));
        assertThat(none).containsOnly(0f);
    }

    @Test
    void gaussianNoiseHasTheRequestedStatistics() {
        float[] x = new float[20000];
        float[] out = run("GaussianNoise", Map.of("mean", 1.0, "std", 2.0, "probability", 1.0),
                Volume.of(x, 1, 1, 100, 200));
        double m = 0;
        for (float v : out) {
            m += v;
        }
        m /= out.length;
        double var = 0;
        for (float v : out) {
            var += (v - m) * (v - m);
        }
        assertThat(m).isCloseTo(1.0, within(0.06));
        assertThat(Math.sqrt(var / out.length)).isCloseTo(2.0, within(0.06));
    }

    @Test
    void brightnessShiftsAndScalesWholeChannels() {
        float[] add = run("BrightnessAdditive", Map.of("probability", 1.0), vol(1, 1, 3, 1, 2, 3));
        assertThat(add[1] - add[0]).isCloseTo(1f, within(1e-5f));
        assertThat(add[2] - add[1]).isCloseTo(1f, within(1e-5f));
        float[] mul = run("BrightnessMultiplicative", Map.of("probability", 1.0,
                "multiplier_range", List.of(2.0, 2.0)), vol(1, 1, 3, 1, 2, 3));
        assertThat(mul).containsExactly(2, 4, 6);
    }

    @Test
    void gaussianBlurKeepsConstantsAndTheSumOfAnInteriorSpike() {
        float[] c = run("GaussianBlur", Map.of("probability", 1.0), vol(1, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5));
        assertThat(c).usingComparatorWithPrecision(1e-5f).containsOnly(5f);
        float[] x = new float[15 * 15];
        x[7 * 15 + 7] = 1;
        float[] b = run("GaussianBlur", Map.of("probability", 1.0, "sigma_range", List.of(1.0, 1.0)),
                Volume.of(x, 1, 1, 15, 15));
        double sum = 0;
        for (float v : b) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-5));
        // separable 1D kernel with sigma 1 and radius 3: centre weight 1 / sum exp(-i^2/2)
        double k0 = 1 / (1 + 2 * (Math.exp(-0.5) + Math.exp(-2) + Math.exp(-4.5)));
        assertThat(b[7 * 15 + 7]).isCloseTo((float) (k0 * k0), within(1e-6f));
    }

    @Test
    void labelConversions() {
        Sample s = make("LabelConvert", Map.of("source_list", List.of(1, 2), "target_list", List.of(2, 1)))
                .apply(sample(vol(1, 1, 4, 0, 0, 0, 0), vol(1, 1, 4, 0, 1, 2, 3)), rng(1));
        assertThat(s.label().data()).containsExactly(0, 2, 1, 0);
        Sample n = make("LabelConvertNonzero", Map.of())
                .apply(sample(vol(1, 1, 3, 0, 0, 0), vol(1, 1, 3, 0, 3, 1)), rng(1));
        assertThat(n.label().data()).containsExactly(0, 1, 1);
        Sample p = make("LabelToProbability", Map.of("class_num", 3))
                .apply(sample(vol(1, 1, 3, 0, 0, 0), vol(1, 1, 3, 2, 0, 1)), rng(1));
        assertThat(p.label().channels()).isEqualTo(3);
        assertThat(p.label().data()).containsExactly(0, 1, 0, 0, 0, 1, 1, 0, 0);
    }

    @Test
    void partialLabelGivesOneHotAndZeroWeightWhereNotAnnotated() {
        Sample s = make("PartialLabelToProbability", Map.of("class_num", 2))
                .apply(sample(vol(1, 1, 3, 0, 0, 0), vol(1, 1, 3, 0, 1, 2)), rng(1));
        assertThat(s.label().data()).containsExactly(1, 0, 0, 0, 1, 0);
        assertThat(s.pixelWeight().data()).containsExactly(1, 1, 0);
    }

    @Test
    void unlabelledSamplesPassLabelTransforms() {
        Sample s = make("LabelToProbability", Map.of("class_num", 2))
                .apply(sample(vol(1, 1, 2, 1, 2), null), rng(1));
        assertThat(s.label()).isNull();
    }
}
