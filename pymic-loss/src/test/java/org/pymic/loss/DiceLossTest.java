package org.pymic.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;

class DiceLossTest extends LossTestBase {
    private static final double E = 1e-5;

    /** Probabilities of 2 pixels: pixel 0 [0.8, 0.2], pixel 1 [0.4, 0.6]. */
    private NDArray probs() {
        return arr(new double[] {0.8, 0.4, 0.2, 0.6}, 1, 2, 1, 2);
    }

    /** Pixel 0 class 0, pixel 1 class 1. */
    private NDArray target() {
        return arr(new double[] {1, 0, 0, 1}, 1, 2, 1, 2);
    }

    @Test
    void softDiceAveragedOverClasses() {
        // class 0: I = 0.8, |Y| = 1, |P| = 1.2; class 1: I = 0.6, |Y| = 1, |P| = 0.8
        double d0 = (1.6 + E) / (2.2 + E);
        double d1 = (1.2 + E) / (1.8 + E);
        double got = scalar(new DiceLoss(false, null).compute(probs(), target(), null));
        assertThat(got).isCloseTo(((1 - d0) + (1 - d1)) / 2, within(1e-12));
    }

    @Test
    void classWeightedAverage() {
        double d0 = (1.6 + E) / (2.2 + E);
        double d1 = (1.2 + E) / (1.8 + E);
        double got = scalar(new DiceLoss(false, new double[] {1, 3}).compute(probs(), target(), null));
        assertThat(got).isCloseTo((1 * (1 - d0) + 3 * (1 - d1)) / 4, within(1e-12));
    }

    @Test
    void pixelWeightZeroExcludesPixel() {
        NDArray w = arr(new double[] {1, 0}, 1, 1, 1, 2);
        // only pixel 0: class 0: I = 0.8, |Y| = 1, |P| = 0.8; class 1: I = 0, |Y| = 0, |P| = 0.2
        double d0 = (1.6 + E) / (1.8 + E);
        double d1 = E / (0.2 + E);
        double got = scalar(new DiceLoss(false, null).compute(probs(), target(), w));
        assertThat(got).isCloseTo(((1 - d0) + (1 - d1)) / 2, within(1e-12));
        double alone = scalar(new DiceLoss(false, null).compute(arr(new double[] {0.8, 0.2}, 1, 2, 1, 1),
                arr(new double[] {1, 0}, 1, 2, 1, 1), null));
        assertThat(got).isCloseTo(alone, within(1e-12));
    }

    @Test
    void perfectPredictionGivesZero() {
        assertThat(scalar(new DiceLoss(false, null).compute(target(), target(), null))).isCloseTo(0, within(1e-9));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        NDArray logits = arr(new double[] {0.3, -1.2, 0.5, 0.1, 2.0, -0.4}, 1, 3, 1, 2);
        NDArray y = arr(new double[] {1, 0, 0, 0, 0, 1}, 1, 3, 1, 2);
        GradCheck.check(logits, z -> new DiceLoss().compute(z, y, null), 1e-7);
    }
}
