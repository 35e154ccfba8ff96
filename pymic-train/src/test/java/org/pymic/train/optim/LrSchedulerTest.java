package org.pymic.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Schedules against hand values; they advance once per validation round of iter_valid iterations. */
class LrSchedulerTest {

    @Test
    void stepLrDecaysEveryLrStepIterations() {
        StepLR s = new StepLR(0.1, 100, 200, 0.5); // step size 2 rounds
        assertThat(s.lr(0)).isEqualTo(0.1);
        assertThat(s.lr(199)).isEqualTo(0.1); // round 1
        assertThat(s.lr(200)).isEqualTo(0.05); // round 2
        assertThat(s.lr(399)).isEqualTo(0.05);
        assertThat(s.lr(400)).isCloseTo(0.025, within(1e-15));
    }

    @Test
    void stepLrWithFractionalStepDecaysOnMultiples() {
        StepLR s = new StepLR(1.0, 100, 250, 0.5); // 2.5 rounds: decays after rounds 5, 10
        assertThat(s.lr(400)).isEqualTo(1.0);
        assertThat(s.lr(500)).isEqualTo(0.5);
        assertThat(s.lr(999)).isEqualTo(0.5);
        assertThat(s.lr(1000)).isEqualTo(0.25);
    }

    @Test
    void multiStepLr() {
        MultiStepLR s = new MultiStepLR(0.01, 100, new int[] {300, 500}, 0.1);
        assertThat(s.lr(299)).isEqualTo(0.01);
        assertThat(s.lr(300)).isCloseTo(0.001, within(1e-15));
        assertThat(s.lr(500)).isCloseTo(0.0001, within(1e-15));
    }

    @Test
    void cosineAnnealing() {
        CosineAnnealingLR s = new CosineAnnealingLR(0.1, 100, 400, 0.01); // T = 4 rounds
        assertThat(s.lr(0)).isCloseTo(0.1, within(1e-15));
        // round 1: 0.01 + 0.09 * (1 + cos(pi/4)) / 2 = 0.01 + 0.045 * 1.70710678 = 0.086819805
        assertThat(s.lr(100)).isCloseTo(0.0868198052, within(1e-9));
        assertThat(s.lr(200)).isCloseTo(0.055, within(1e-12));
        assertThat(s.lr(400)).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void polynomial() {
        PolynomialLR s = new PolynomialLR(0.1, 100, 400, 0.9);
        assertThat(s.lr(50)).isCloseTo(0.1, within(1e-15));
        // round 2 of 4: 0.1 * 0.5^0.9 = 0.053588673
        assertThat(s.lr(200)).isCloseTo(0.0535886731, within(1e-9));
        assertThat(s.lr(400)).isZero();
        assertThat(s.lr(800)).isZero();
    }

    @Test
    void plateauReducesAfterPatienceRoundsWithoutImprovement() {
        ReduceLROnPlateau s = new ReduceLROnPlateau(0.1, 100, 200, 0.5); // patience 2 rounds
        s.onValidation(100, 0.5);
        s.onValidation(200, 0.6); // better
        s.onValidation(300, 0.6); // not better than 0.6 * 1.0001: bad 1
        s.onValidation(400, 0.60001); // within threshold: bad 2
        assertThat(s.lr(400)).isEqualTo(0.1);
        s.onValidation(500, 0.59); // bad 3 > 2: reduce
        assertThat(s.lr(500)).isEqualTo(0.05);
        s.onValidation(600, 0.7); // better, resets
        s.onValidation(700, 0.1);
        s.onValidation(800, 0.1);
        assertThat(s.lr(800)).isEqualTo(0.05);
    }

    @Test
    void plateauStateRoundTrip() {
        ReduceLROnPlateau a = new ReduceLROnPlateau(0.1, 100, 100, 0.5);
        ReduceLROnPlateau b = new ReduceLROnPlateau(0.1, 100, 100, 0.5);
        double[] scores = {0.3, 0.4, 0.4, 0.35, 0.5, 0.45, 0.44, 0.43};
        for (int i = 0; i < 4; i++) {
            a.onValidation(i, scores[i]);
            b.onValidation(i, scores[i]);
        }
        ReduceLROnPlateau c = new ReduceLROnPlateau(0.1, 100, 100, 0.5);
        c.load(SchedulerState.fromBytes(b.state().toBytes()));
        for (int i = 4; i < scores.length; i++) {
            a.onValidation(i, scores[i]);
            c.onValidation(i, scores[i]);
            assertThat(c.lr(i)).isEqualTo(a.lr(i));
        }
        assertThat(a.lr(0)).isEqualTo(0.025);
    }
}
