package org.pymic.train.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pymic.loss.CrossEntropyLoss;
import org.pymic.net.SegNetwork;

/**
 * Mean Teacher, UAMT and USTM losses with fixed logits (a fixed teacher ignores its noisy input), by hand.
 * One labelled and one unlabelled image of 1x2 pixels, K = 2 (USTM: one labelled image of 2x2 pixels).
 */
class TeacherLossValuesTest {
    private static final float LN3 = (float) Math.log(3);
    private static final float LN9 = (float) Math.log(9);
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static double ce(double p) {
        return -Math.log(0.999 * p + 5e-4);
    }

    private StepContext context(int iteration) {
        // student: labelled (0.75, 0.25), (0.25, 0.75); unlabelled (0.5, 0.5), (0.75, 0.25)
        float[] student = {LN3, 0, 0, LN3, 0, LN3, 0, 0};
        // teacher on the unlabelled image: (0.9, 0.1), (0.5, 0.5)
        float[] teacher = {LN9, 0, 0, 0};
        Map<String, SegNetwork> nets = ConstantNetworks.named(MeanTeacher.STUDENT, ConstantNetworks.of(student, 2, 2, 1, 2),
                MeanTeacher.TEACHER, ConstantNetworks.of(teacher, 1, 2, 1, 2));
        return ConstantNetworks.context(manager, iteration, ConstantNetworks.batch(1, 1, 2, new float[] {1, 0, 0, 1}, null),
                ConstantNetworks.batch(1, 1, 2, null, null), nets, new CrossEntropyLoss());
    }

    @Test
    void meanTeacherIsSupervisedPlusSoftmaxMse() {
        StepContext ctx = context(50);
        double mse = (0.16 + 0.16 + 0.0625 + 0.0625) / 4;
        double w = 0.1 * Math.exp(-5 * 0.25); // sigmoid ramp-up half way from 0 to iter_max = 100
        MeanTeacher mt = new MeanTeacher(0.1, 0, null, 0.99, 100);
        assertThat(StepContext.scalar(mt.loss(ctx))).isCloseTo(ce(0.75) + w * mse, within(1e-5));
        assertThat(ctx.terms().get("loss_reg")).isCloseTo(mse, within(1e-6));
        mt.afterOptimizerStep(ctx);
        assertThat(ctx.terms().get("ema_decay")).isCloseTo(1 - 1 / 1.5, within(1e-12));
        assertThat(mt.trainedNetworks(ctx.networks())).containsExactly(MeanTeacher.STUDENT);
        assertThat(mt.inferenceNetworks(ctx.networks())).containsExactly(MeanTeacher.STUDENT);
    }

    @Test
    void uamtCountsOnlyConfidentTeacherPixels() {
        StepContext ctx = context(50);
        double r = Math.exp(-5 * 0.25);
        double threshold = (0.75 + 0.25 * r) * Math.log(2);
        double u0 = -(0.9 * Math.log(0.9 + 1e-6) + 0.1 * Math.log(0.1 + 1e-6));
        double u1 = -Math.log(0.5 + 1e-6);
        assertThat(u0).isLessThan(threshold);
        assertThat(u1).isGreaterThan(threshold);
        // only pixel 0 counts: squared error 0.16 + 0.16 over 2 * 1 masked pixel
        double reg = 0.32 / 2;
        UncertaintyAwareMeanTeacher m = new UncertaintyAwareMeanTeacher(0.1, 0, null, 0.99, 100, 8);
        assertThat(StepContext.scalar(m.loss(ctx))).isCloseTo(ce(0.75) + 0.1 * r * reg, within(1e-5));
        assertThat(ctx.terms().get("loss_reg")).isCloseTo(reg, within(1e-6));
        assertThat(ctx.terms().get("certain_ratio")).isEqualTo(0.5);
    }

    /** {@code numpy.rot90(a, turns)} of a square matrix, written out: one turn maps out[i][j] = in[j][n-1-i]. */
    private static double[][] rot90(double[][] a, int turns) {
        double[][] r = a;
        for (int t = 0; t < turns; t++) {
            int n = r.length;
            double[][] o = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    o[i][j] = r[j][n - 1 - i];
                }
            }
            r = o;
        }
        return r;
    }

    @Test
    void rot90TurnsAsNumpyAndTorch() {
        float[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        double[][] a = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
        for (int turns = 0; turns < 4; turns++) {
            float[] got = USTM.rot90(manager.create(v, new ai.djl.ndarray.types.Shape(1, 1, 3, 3)), turns).toFloatArray();
            double[][] want = rot90(a, turns);
            for (int i = 0; i < 9; i++) {
                assertThat((double) got[i]).as("turns %d, element %d", turns, i).isEqualTo(want[i / 3][i % 3]);
            }
        }
    }

    @Test
    void ustmMatchesTheTurnedStudentToTheTeacherOnCertainPixels() {
        // student class-0 probabilities [[0.75, 0.5], [0.25, 0.9]], teacher [[0.9, 0.9], [0.5, 0.1]] (K = 2):
        // the teacher is uncertain at (1, 0) only, so the mask keeps three pixels
        float[] student = {LN3, 0, -LN3, LN9, 0, 0, 0, 0};
        float[] teacher = {LN9, LN9, 0, -LN9, 0, 0, 0, 0};
        double[][] p = {{0.75, 0.5}, {0.25, 0.9}};
        double[][] t = {{0.9, 0.9}, {0.5, 0.1}};
        double[][] mask = {{1, 1}, {0, 1}};
        double[] candidates = new double[4];
        for (int turns = 0; turns < 4; turns++) {
            double[][] r = rot90(p, turns);
            double se = 0;
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    se += mask[i][j] * 2 * Math.pow(r[i][j] - t[i][j], 2); // both classes
                }
            }
            candidates[turns] = se / (2 * 3);
        }
        double sup = (ce(0.75) + ce(0.5) + ce(0.75) + ce(0.1)) / 4;
        double ramp = Math.exp(-5 * 0.25);
        USTM m = new USTM(new RegularWeight(0.1, 0, null), 0.99, 100, 8);
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        for (int step = 0; step < 16; step++) {
            Map<String, SegNetwork> nets = ConstantNetworks.named(MeanTeacher.STUDENT, ConstantNetworks.of(student, 1, 2, 2, 2),
                    MeanTeacher.TEACHER, ConstantNetworks.of(teacher, 1, 2, 2, 2));
            StepContext ctx = ConstantNetworks.context(manager, 50,
                    ConstantNetworks.batch(1, 2, 2, new float[] {1, 1, 0, 0, 0, 0, 1, 1}, null), null, nets,
                    new CrossEntropyLoss());
            double total = StepContext.scalar(m.loss(ctx));
            double reg = ctx.terms().get("loss_reg");
            int turns = -1;
            for (int k = 0; k < 4; k++) {
                if (Math.abs(reg - candidates[k]) < 1e-6) {
                    turns = k;
                }
            }
            assertThat(turns).as("loss_reg %f is one of the four turned values %s", reg,
                    java.util.Arrays.toString(candidates)).isNotNegative();
            seen.add(turns);
            assertThat(total).isCloseTo(sup + 0.1 * ramp * reg, within(1e-5));
            assertThat(ctx.terms().get("certain_ratio")).isEqualTo(0.75);
        }
        assertThat(seen).as("the turn is drawn at every step").hasSizeGreaterThan(1);
    }
}
