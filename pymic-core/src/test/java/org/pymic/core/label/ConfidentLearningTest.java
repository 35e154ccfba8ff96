package org.pymic.core.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Confident learning (cleanlab's prune_method='both') against a case computed by hand. */
class ConfidentLearningTest {
    /** Ten examples labelled 0 then ten labelled 1; {@code p1} the class-1 probability, class 0 its literal complement. */
    private static float[] probs(double[][] p) {
        float[] out = new float[p.length * 2];
        for (int i = 0; i < p.length; i++) {
            out[2 * i] = (float) p[i][0];
            out[2 * i + 1] = (float) p[i][1];
        }
        return out;
    }

    private static final double[][] P = {
        {0.9, 0.1}, {0.9, 0.1}, {0.9, 0.1}, {0.9, 0.1}, {0.9, 0.1}, {0.9, 0.1}, {0.8, 0.2}, {0.8, 0.2}, {0.1, 0.9}, {0.2, 0.8},
        {0.1, 0.9}, {0.1, 0.9}, {0.1, 0.9}, {0.1, 0.9}, {0.1, 0.9}, {0.2, 0.8}, {0.2, 0.8}, {0.3, 0.7}, {0.9, 0.1}, {0.7, 0.3}};

    private static int[] labels() {
        int[] s = new int[20];
        for (int i = 10; i < 20; i++) {
            s[i] = 1;
        }
        return s;
    }

    @Test
    void handComputedCase() {
        ConfidentLearning.Result r = ConfidentLearning.find(labels(), probs(P), 2);
        // t0 = (6 * 0.9 + 2 * 0.8 + 0.1 + 0.2) / 10 = 0.73, t1 = (5 * 0.9 + 2 * 0.8 + 0.7 + 0.1 + 0.3) / 10 = 0.72
        assertThat(r.thresholds()[0]).isCloseTo(0.73, within(1e-6));
        assertThat(r.thresholds()[1]).isCloseTo(0.72, within(1e-6));
        // label 0: 8 confident 0, 2 confident 1; label 1: 1 confident 0, 7 confident 1 (0.7 / 0.3 are below both
        // thresholds). Calibrated: row 1 (1, 7) * 10 / 8 = (1.25, 8.75), rounded (1, 9)
        assertThat(r.confidentJoint()).isDeepEqualTo(new long[][] {{8, 2}, {1, 9}});
        assertThat(r.pruneCounts()).isDeepEqualTo(new long[][] {{8, 1}, {2, 9}});
        // by class: label 0 keeps p0 >= sorted[10 - 8] = 0.8 (flags 8, 9); label 1 p1 >= sorted[1] = 0.3 (flags 18).
        // by noise rate: label 0, the 2 largest margins p1 - p0 (8, 9); label 1, the largest p0 - p1 (18).
        // Example 19 (label 1, predicted 0) is below no threshold: not flagged.
        boolean[] expected = new boolean[20];
        expected[8] = true;
        expected[9] = true;
        expected[18] = true;
        assertThat(r.noisy()).containsExactly(expected);
        assertThat(r.flagged()).isEqualTo(3);
    }

    @Test
    void fewLabelsOfAClassAreNeverPruned() {
        // five examples labelled 1 (cleanlab's minimum): none of them is flagged, even predicted 0
        int[] s = new int[15];
        float[] p = new float[30];
        for (int i = 0; i < 15; i++) {
            s[i] = i < 10 ? 0 : 1;
            double p1 = i < 10 ? 0.1 : 0.2;
            p[2 * i] = (float) (1 - p1);
            p[2 * i + 1] = (float) p1;
        }
        assertThat(ConfidentLearning.find(s, p, 2).flagged()).isZero();
    }

    @Test
    void roundingPreservesTheRowSum() {
        // 1.5 and 2.5 round half to even: (2, 2), summing to the sum 4
        assertThat(ConfidentLearning.roundPreservingSum(new double[] {1.5, 2.5})).containsExactly(2, 2);
        // (0, 0, 0) sums to 0, not 1: the value that lost most (0.4) goes up
        assertThat(ConfidentLearning.roundPreservingSum(new double[] {0.4, 0.3, 0.3})).containsExactly(1, 0, 0);
        // too high: cleanlab lowers where value - integer is smallest (rounded up most), the first of ties;
        // the expected rows are what cleanlab's function (numpy 2.4) returns for them
        // (1, 1, 1) sums to 3, not 2: -0.4, -0.4, -0.2, so the first 0.6 goes down
        assertThat(ConfidentLearning.roundPreservingSum(new double[] {0.6, 0.6, 0.8})).containsExactly(0, 1, 1);
        // (3, 3, 1) sums to 7, not 6
        assertThat(ConfidentLearning.roundPreservingSum(new double[] {2.6, 2.6, 0.8})).containsExactly(2, 3, 1);
        // two too many: the two 0.6 of -0.4 that come first
        assertThat(ConfidentLearning.roundPreservingSum(new double[] {0.6, 0.7, 0.6, 0.6}))
                .containsExactly(0, 1, 0, 1);
        // too low: the largest value - integer goes up, the last of ties (argsort reversed)
        assertThat(ConfidentLearning.roundPreservingSum(new double[] {0.4, 0.4, 0.2})).containsExactly(0, 1, 0);
    }

    @Test
    void keepAtLeastFiveMovesCountsOffTheColumn() {
        // column 0: diagonal 3 raised to 5, the other non-zero count 4 lowered by 2
        assertThat(ConfidentLearning.keepAtLeast(new long[][] {{3, 2}, {4, 9}}, 5))
                .isDeepEqualTo(new long[][] {{5, 2}, {2, 9}});
        // three classes: diagonal 1 raised by 4, shared by the two non-zero counts of its column (2 each)
        assertThat(ConfidentLearning.keepAtLeast(new long[][] {{1, 0, 0}, {3, 6, 0}, {5, 0, 7}}, 5))
                .isDeepEqualTo(new long[][] {{5, 0, 0}, {1, 6, 0}, {3, 0, 7}});
    }
}
