package org.pymic.train.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pymic.loss.CrossEntropyLoss;

/** Loss values of CPS, CoTeaching and the weakly supervised methods with fixed logits, by hand. */
class MethodLossValuesTest {
    private static final float LN3 = (float) Math.log(3);
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** -log(0.999 p + 5e-4), PyMIC's stabilised cross-entropy of one pixel. */
    private static double ce(double p) {
        return -Math.log(0.999 * p + 5e-4);
    }

    @Test
    void cpsSupervisesEachNetworkWithTheOthersArgmax() {
        // batch of 2 (labelled, unlabelled), K = 2, H = 1, W = 2; layout ((n * 2 + k) * 2 + x)
        float[] net1 = {LN3, 0, 0, LN3, /* unlabelled */ LN3, LN3, 0, 0};
        float[] net2 = {0, 0, LN3, LN3, /* unlabelled */ 0, LN3, LN3, 0};
        float[] label = {1, 0, 0, 1}; // pixel 0 class 0, pixel 1 class 1
        StepContext ctx = ConstantNetworks.context(manager, 0, ConstantNetworks.batch(1, 1, 2, label, null),
                ConstantNetworks.batch(1, 1, 2, null, null),
                ConstantNetworks.named("net1", ConstantNetworks.of(net1, 2, 2, 1, 2),
                        "net2", ConstantNetworks.of(net2, 2, 2, 1, 2)), new CrossEntropyLoss());
        double sup1 = ce(0.75);
        double sup2 = (ce(0.25) + ce(0.75)) / 2;
        // net2 on unlabelled: argmax (1, 0); net1 probabilities of those classes: 0.25, 0.75
        double pse1 = (ce(0.25) + ce(0.75)) / 2;
        // net1 on unlabelled: argmax (0, 0); net2 probabilities of class 0: 0.25, 0.75
        double pse2 = (ce(0.25) + ce(0.75)) / 2;
        NDArray loss = new CrossPseudoSupervision(0.5, 0, 0).loss(ctx);
        assertThat(v(loss)).isCloseTo(sup1 + 0.5 * pse1 + sup2 + 0.5 * pse2, within(1e-5));
        assertThat(ctx.terms().get("loss_pse_sup1")).isCloseTo(pse1, within(1e-5));
        assertThat(ctx.terms().get("loss_sup2")).isCloseTo(sup2, within(1e-5));
    }

    @Test
    void pseudoLabelsAreTheArgmaxOneHot() {
        NDArray p = manager.create(new float[] {0.2f, 0.7f, 0.5f, 0.1f, 0.1f, 0.4f, 0.3f, 0.2f, 0.1f},
                new ai.djl.ndarray.types.Shape(1, 3, 1, 3));
        // pixel 0: (0.2, 0.1, 0.3) -> class 2; pixel 1: (0.7, 0.1, 0.2) -> 0; pixel 2: (0.5, 0.4, 0.1) -> 0
        assertThat(PseudoLabels.oneHotArgmax(p).toFloatArray())
                .containsExactly(0, 1, 1, 0, 0, 0, 1, 0, 0);
    }

    private static double v(NDArray scalar) {
        return StepContext.scalar(scalar);
    }

    private static float logit(double p) {
        return (float) Math.log(p / (1 - p));
    }

    @Test
    void coTeachingExchangesTheSmallLossPixels() {
        // 4 pixels, every label is class 1; probability of class 1 per pixel
        double[] p1 = {0.9, 0.6, 0.3, 0.8};
        double[] p2 = {0.5, 0.95, 0.7, 0.2};
        float[] z1 = new float[8];
        float[] z2 = new float[8];
        float[] label = new float[8];
        for (int i = 0; i < 4; i++) {
            z1[4 + i] = logit(p1[i]);
            z2[4 + i] = logit(p2[i]);
            label[4 + i] = 1;
        }
        StepContext ctx = ConstantNetworks.context(manager, 0, ConstantNetworks.batch(1, 1, 4, label, null), null,
                ConstantNetworks.named("net1", ConstantNetworks.of(z1, 1, 2, 1, 4),
                        "net2", ConstantNetworks.of(z2, 1, 2, 1, 4)), new CrossEntropyLoss());
        // select ratio 0.5, ramp-up complete (empty interval): keep 2 of 4.
        // net1 keeps pixels 0, 3; net2 keeps 1, 2; net1 learns from 1, 2 and net2 from 0, 3
        double loss1 = (ce(0.6) + ce(0.3)) / 2;
        double loss2 = (ce(0.5) + ce(0.2)) / 2;
        NDArray loss = new CoTeaching(0.5, 0, 0).loss(ctx);
        assertThat(v(loss)).isCloseTo(loss1 + loss2, within(1e-5));
        assertThat(ctx.terms().get("select_ratio")).isEqualTo(0.5);
        assertThat(ctx.terms().get("loss_no_select1")).isCloseTo((ce(0.9) + ce(0.6) + ce(0.3) + ce(0.8)) / 4,
                within(1e-5));
    }

    @Test
    void coTeachingKeepsEverythingBeforeTheRampup() {
        CoTeaching m = new CoTeaching(0.3, 10, 20);
        StepContext ctx = ConstantNetworks.context(manager, 5, null, null, ConstantNetworks.named(), null);
        // before rampup_start the sigmoid ramp-up sits at its floor exp(-5), as PyMIC's
        assertThat(m.keptFraction(ctx)).isCloseTo(1 - 0.7 * Math.exp(-5), within(1e-12));
        StepContext late = ConstantNetworks.context(manager, 25, null, null, ConstantNetworks.named(), null);
        assertThat(m.keptFraction(late)).isCloseTo(0.3, within(1e-12));
        NDArray mask = CoTeaching.smallLossMask(manager.create(new float[] {3, 1, 2, 0}), 2);
        assertThat(mask.toFloatArray()).containsExactly(0, 1, 0, 1);
    }

    @Test
    void totalVariationMethodIsPartialCrossEntropyPlusWeightedTv() {
        // 4x4, class 1 on columns 0-1 with logits +-20 (softmax 1 or 0 within 1e-8)
        float[] z = new float[32];
        float[] label = new float[32];
        float[] weight = new float[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                boolean fg = x < 2;
                z[y * 4 + x] = fg ? -10 : 10;
                z[16 + y * 4 + x] = fg ? 10 : -10;
                label[(fg ? 16 : 0) + y * 4 + x] = 1;
            }
        }
        weight[0] = 1; // two annotated pixels, both correct
        weight[15] = 1;
        StepContext ctx = ConstantNetworks.context(manager, 50, ConstantNetworks.batch(1, 4, 4, label, weight), null,
                ConstantNetworks.named("net", ConstantNetworks.of(z, 1, 2, 4, 4)), new CrossEntropyLoss());
        double partialCe = 2 * ce(1) / (2 + 1e-5);
        double tv = 8 * 0.999 / 32; // one contour column of 0.999 per class map
        NDArray loss = new TotalVariation(0.1, 0, 0).loss(ctx);
        assertThat(v(loss)).isCloseTo(partialCe + 0.1 * tv, within(1e-5));
        assertThat(ctx.terms().get("loss_reg")).isCloseTo(tv, within(1e-5));
    }

    @Test
    void weakEntropyMinimizationAddsTheEntropyOfEveryPixel() {
        // one pixel annotated (class 0, p = 0.75), one not (p = 0.5); entropy normalised by ln 2
        float[] z = {LN3, 0, 0, 0};
        float[] label = {1, 1, 0, 0};
        float[] weight = {1, 0};
        StepContext ctx = ConstantNetworks.context(manager, 100, ConstantNetworks.batch(1, 1, 2, label, weight), null,
                ConstantNetworks.named("net", ConstantNetworks.of(z, 1, 2, 1, 2)), new CrossEntropyLoss());
        double a = 0.999 * 0.75 + 5e-4;
        double b = 0.999 * 0.25 + 5e-4;
        double h1 = -(a * Math.log(a) + b * Math.log(b)) / Math.log(2);
        double c = 0.999 * 0.5 + 5e-4;
        double h2 = -2 * c * Math.log(c) / Math.log(2);
        double expected = ce(0.75) / (1 + 1e-5) + 0.2 * (h1 + h2) / 2;
        // rampup_end = iter_max = 100 reached: weight 0.2
        assertThat(v(new WeakEntropyMinimization(0.2, 0, null).loss(ctx)))
                .isCloseTo(expected, within(1e-5));
    }
}
