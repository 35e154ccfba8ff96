package org.pymic.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.PymicException;

/** Focal, ExpLog, entropy, generalized CE and noise-robust Dice against hand-computed values. */
class OtherLossesTest extends LossTestBase {
    private static final double LN3 = Math.log(3);

    private NDArray probs() {
        return arr(new double[] {0.8, 0.4, 0.2, 0.6}, 1, 2, 1, 2);
    }

    private NDArray target() {
        return arr(new double[] {1, 0, 0, 1}, 1, 2, 1, 2);
    }

    @Test
    void focalWithGammaZeroIsCrossEntropy() {
        NDArray z = arr(new double[] {0, LN3, LN3, 0}, 1, 2, 1, 2);
        NDArray y = arr(new double[] {0, 0, 1, 1}, 1, 2, 1, 2);
        assertThat(scalar(new FocalLoss(true, 0, null).compute(z, y, null)))
                .isCloseTo(scalar(new CrossEntropyLoss().compute(z, y, null)), within(1e-12));
    }

    @Test
    void focalHandValueWithAlpha() {
        NDArray z = arr(new double[] {0, LN3, LN3, 0}, 1, 2, 1, 2);
        NDArray y = arr(new double[] {0, 0, 1, 1}, 1, 2, 1, 2); // class 1, p = 0.75 and 0.25
        double a = q(0.75);
        double b = q(0.25);
        double expected = 2 * (-(1 - a) * (1 - a) * Math.log(a) - (1 - b) * (1 - b) * Math.log(b)) / 2;
        assertThat(scalar(new FocalLoss(true, 2, new double[] {1, 2}).compute(z, y, null)))
                .isCloseTo(expected, within(1e-12));
    }

    @Test
    void focalGradient() {
        NDArray z = arr(new double[] {0.3, -1.2, 0.5, 0.1, 2.0, -0.4}, 1, 3, 1, 2);
        NDArray y = arr(new double[] {0.7, 0, 0.3, 0, 0, 1}, 1, 3, 1, 2);
        GradCheck.check(z, v -> new FocalLoss(true, 2, null).compute(v, y, null), 1e-7);
    }

    @Test
    void expLogHandValue() {
        double d0 = (1.6 + 1e-5) / (2.2 + 1e-5);
        double d1 = (1.2 + 1e-5) / (1.8 + 1e-5);
        double g = 0.3;
        double expDice = (Math.pow(-Math.log(0.01 + 0.98 * d0), g) + Math.pow(-Math.log(0.01 + 0.98 * d1), g)) / 2;
        double wc = Math.sqrt(1 / (0.5 + 0.1)); // both classes cover half the pixels
        double expCe = (wc * Math.pow(-Math.log(0.01 + 0.98 * 0.8), g) + wc * Math.pow(-Math.log(0.01 + 0.98 * 0.6), g))
                / 2;
        double expected = 0.8 * expDice + 0.2 * expCe;
        assertThat(scalar(new ExpLogLoss(false, 0.8, g).compute(probs(), target(), null)))
                .isCloseTo(expected, within(1e-12));
    }

    @Test
    void expLogRefusesPixelWeight() {
        assertThatThrownBy(() -> new ExpLogLoss(false, 0.8, 0.3).compute(probs(), target(),
                arr(new double[] {1, 1}, 1, 1, 1, 2))).isInstanceOf(PymicException.class);
    }

    @Test
    void expLogGradient() {
        NDArray z = arr(new double[] {0.3, -1.2, 0.5, 0.1}, 1, 2, 1, 2);
        GradCheck.check(z, v -> new ExpLogLoss(true, 0.5, 1.0).compute(v, target(), null), 1e-7);
    }

    @Test
    void entropyOfUniform() {
        // two classes: q = 0.5 * 0.999 + 5e-4 = 0.5 exactly
        NDArray z = arr(new double[] {0.7, -0.2, 0.7, -0.2}, 1, 2, 1, 2);
        assertThat(scalar(new EntropyLoss().compute(z))).isCloseTo(1.0, within(1e-12));
        // three classes: q = 1/3 * 0.999 + 5e-4 each, H = -3 q ln q / ln 3
        NDArray u = arr(new double[] {0.7, 0.7, 0.7}, 1, 3, 1, 1);
        double q3 = q(1.0 / 3);
        assertThat(scalar(new EntropyLoss().compute(u))).isCloseTo(-3 * q3 * Math.log(q3) / Math.log(3),
                within(1e-12));
    }

    @Test
    void entropyHandValue() {
        NDArray p = arr(new double[] {0.8, 0.2}, 1, 2, 1, 1);
        double a = q(0.8);
        double b = q(0.2);
        double expected = -(a * Math.log(a) + b * Math.log(b)) / Math.log(2);
        assertThat(scalar(new EntropyLoss(false).compute(p))).isCloseTo(expected, within(1e-12));
    }

    @Test
    void entropyGradient() {
        NDArray z = arr(new double[] {0.3, -1.2, 0.5, 0.1, 2.0, -0.4}, 1, 3, 1, 2);
        GradCheck.check(z, v -> new EntropyLoss().compute(v), 1e-7);
    }

    @Test
    void generalizedCeHandValue() {
        double expected = ((1 - Math.sqrt(0.8)) / 0.5 + (1 - Math.sqrt(0.6)) / 0.5) / 2;
        assertThat(scalar(new GeneralizedCELoss(false, 0.5, null).compute(probs(), target(), null)))
                .isCloseTo(expected, within(1e-12));
    }

    @Test
    void noiseRobustDiceHandValue() {
        double g = 1.5;
        double l0 = (Math.pow(0.2, g) + Math.pow(0.4, g)) / (2.2 + 1e-5);
        double l1 = (Math.pow(0.2, g) + Math.pow(0.4, g)) / (1.8 + 1e-5);
        assertThat(scalar(new NoiseRobustDiceLoss(false, g).compute(probs(), target(), null)))
                .isCloseTo((l0 + l1) / 2, within(1e-12));
    }

    @Test
    void combinedIsWeightedSum() {
        NDArray z = arr(new double[] {0.3, -1.2, 0.5, 0.1}, 1, 2, 1, 2);
        double dice = scalar(new DiceLoss().compute(z, target(), null));
        double ce = scalar(new CrossEntropyLoss().compute(z, target(), null));
        CombinedLoss c = new CombinedLoss(java.util.List.of(new DiceLoss(), new CrossEntropyLoss()),
                new double[] {0.5, 2.0});
        assertThat(scalar(c.compute(z, target(), null))).isCloseTo(0.5 * dice + 2.0 * ce, within(1e-12));
    }

    @Test
    void shapeMismatchIsDataError() {
        assertThatThrownBy(() -> new CrossEntropyLoss().compute(probs(), arr(new double[] {1, 0}, 1, 2, 1, 1), null))
                .isInstanceOf(PymicException.class).hasMessageContaining("target shape");
    }
}
