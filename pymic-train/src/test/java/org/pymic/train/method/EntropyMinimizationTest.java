package org.pymic.train.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.LambdaBlock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Batch;
import org.pymic.loss.CrossEntropyLoss;
import org.pymic.net.SegNetwork;

class EntropyMinimizationTest {

    /** A parameter-free "network" whose logits are (x, -x): outputs are known in closed form. */
    private static SegNetwork signNet() {
        LambdaBlock b = new LambdaBlock(l -> new NDList(l.head().concat(l.head().neg(), 1)));
        return new SegNetwork("Sign", b, 2, 1, 2, false);
    }

    @Test
    void lossIsSupervisedPlusRampedEntropyOfAllImages() {
        Random r = new Random(4);
        int v = 3 * 3;
        float[] x0 = new float[2 * v];
        float[] x1 = new float[3 * v];
        float[] y = new float[2 * 2 * v];
        for (int i = 0; i < x0.length; i++) {
            x0[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < x1.length; i++) {
            x1[i] = (float) r.nextGaussian();
        }
        for (int n = 0; n < 2; n++) {
            for (int p = 0; p < v; p++) {
                y[(n * 2 + r.nextInt(2)) * v + p] = 1;
            }
        }
        Batch lab = new Batch(x0, new int[] {2, 1, 3, 3}, y, new int[] {2, 2, 3, 3}, null, null, List.of("a", "b"));
        Batch unl = new Batch(x1, new int[] {3, 1, 3, 3}, null, null, null, null, List.of("c", "d", "e"));
        EntropyMinimization m = new EntropyMinimization(0.1, 0, 100);
        try (NDManager mgr = NDManager.newBaseManager()) {
            StepContext ctx = new StepContext(mgr, 25, 1000, lab, unl, Map.of("net", signNet()),
                    new CrossEntropyLoss(), Params.empty("EntropyMinimization"));
            double loss = StepContext.scalar(m.loss(ctx));

            // supervised part: cross-entropy of the labelled logits only
            NDArray l0 = ctx.image().concat(ctx.image().neg(), 1);
            double sup = StepContext.scalar(new CrossEntropyLoss().compute(l0, ctx.label(), null));
            // entropy by hand over the 5 images: softmax of (x, -x) is sigmoid(2x)
            double h = 0;
            int count = 0;
            for (float[] xs : new float[][] {x0, x1}) {
                for (float xv : xs) {
                    double p1 = 1 / (1 + Math.exp(-2 * xv));
                    double q1 = 0.999 * p1 + 5e-4;
                    double q2 = 0.999 * (1 - p1) + 5e-4;
                    h += -(q1 * Math.log(q1) + q2 * Math.log(q2)) / Math.log(2);
                    count++;
                }
            }
            h /= count;
            double w = 0.1 * Math.exp(-5 * 0.75 * 0.75); // t = 25 / 100
            assertThat(loss).isCloseTo(sup + w * h, within(1e-5));
            assertThat(ctx.terms().get("loss_reg")).isCloseTo(h, within(1e-5));
            assertThat(ctx.terms().get("regular_w")).isCloseTo(w, within(1e-12));
            assertThat(m.needsUnlabelled()).isTrue();
        }
    }

    @Test
    void rampupFollowsPymicSigmoidAndLinearForms() {
        assertThat(Rampup.ratio(0, 0, 100, "sigmoid")).isCloseTo(Math.exp(-5), within(1e-12));
        assertThat(Rampup.ratio(50, 0, 100, "sigmoid")).isCloseTo(Math.exp(-1.25), within(1e-12));
        assertThat(Rampup.ratio(150, 0, 100, "sigmoid")).isEqualTo(1.0);
        assertThat(Rampup.ratio(5, 10, 20, "linear")).isEqualTo(0.0);
        assertThat(Rampup.ratio(15, 10, 20, "linear")).isEqualTo(0.5);
        assertThat(Rampup.ratio(15, 10, 20, "cosine")).isCloseTo(0.5, within(1e-12));
    }
}
