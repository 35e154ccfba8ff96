package org.pymic.train.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;
import org.pymic.io.data.Batch;
import org.pymic.loss.CrossEntropyLoss;
import org.pymic.loss.DiceLoss;
import org.pymic.net.HeadSpec;
import org.pymic.net.SegNetwork;

/** Loss values of the scribble methods GatedCRF, MumfordShah, DMPLS and DMSPS with fixed logits, by hand. */
class ScribbleLossValuesTest {
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

    private static Method create(String name, Map<String, Object> values) {
        ComponentSpec spec = Registry.global().require(ComponentKind.METHOD, name);
        Map<String, Object> v = new HashMap<>(values);
        v.put("rampup_start", 0);
        v.put("rampup_end", 0); // ramp-up complete: the weight is regularize_w
        return (Method) spec.create(Params.resolve(spec, v));
    }

    private StepContext context(Batch lab, SegNetwork net) {
        return ConstantNetworks.context(manager, 50, lab, null, ConstantNetworks.named("net", net), new CrossEntropyLoss());
    }

    @Test
    void gatedCrfIsPartialCrossEntropyPlusTheWeightedCrfOnTheImage() {
        // 1x2 image of zeros, pixel 0 p = (0.75, 0.25) annotated class 0, pixel 1 p = (0.5, 0.5) not annotated.
        // W0 = XY0 = rgb = 1, W1 = 0, radius 1: each pixel has 7 window positions outside the image, whose
        // features are 0: pixel 0's own features are 0 too (k = 1), pixel 1's position is x = 1 (k = e^-0.5);
        // the two inside pairs have k = e^-0.5 and 1 - <s0, s1> = 1 - 0.5
        float[] z = {LN3, 0, 0, 0};
        Batch lab = ConstantNetworks.batch(1, 1, 2, new float[] {1, 1, 0, 0}, new float[] {1, 0});
        StepContext ctx = context(lab, ConstantNetworks.of(z, 1, 2, 1, 2));
        Method m = create("GatedCRF", Map.of("regularize_w", 0.5, "gatedcrfloss_w0", 1.0, "gatedcrfloss_xy0", 1,
                "gatedcrfloss_rgb", 1.0, "gatedcrfloss_w1", 0.0, "gatedcrfloss_xy1", 1.0, "gatedcrfloss_radius", 1.0));
        double crf = (7 + 8 * Math.exp(-0.5)) / 2;
        assertThat(StepContext.scalar(m.loss(ctx))).isCloseTo(ce(0.75) / (1 + 1e-5) + 0.5 * crf, within(1e-5));
        assertThat(ctx.terms().get("loss_reg")).isCloseTo(crf, within(1e-5));
    }

    @Test
    void mumfordShahHonoursItsPenaltyAndLambda() {
        // intensities (1, 3); p class 0 (0.8, 0.4): centroids 5/3 and 2.5, level terms 16/15 + 0.6 = 5/3;
        // l2 length (0.4^2 + 0.4^2) = 0.32, lambda 2; numel 4
        float[] z = {(float) Math.log(4), (float) Math.log(2.0 / 3), 0, 0};
        Batch lab = new Batch(new float[] {1, 3}, new int[] {1, 1, 1, 2}, new float[] {1, 0, 0, 1}, new int[] {1, 2, 1, 2},
                new float[] {1, 0}, new int[] {1, 1, 1, 2}, List.of());
        StepContext ctx = context(lab, ConstantNetworks.of(z, 1, 2, 1, 2));
        Method m = create("MumfordShah", Map.of("regularize_w", 0.1, "mumfordshahloss_penalty", "l2",
                "mumfordshahloss_lambda", 2.0));
        double ms = (5.0 / 3 + 2 * 0.32) / 4;
        assertThat(StepContext.scalar(m.loss(ctx))).isCloseTo(ce(0.8) / (1 + 1e-5) + 0.1 * ms, within(1e-5));
        assertThat(ctx.terms().get("loss_reg")).isCloseTo(ms, within(1e-5));
        StepContext l1 = context(lab, ConstantNetworks.of(z, 1, 2, 1, 2));
        create("MumfordShah", Map.of()).loss(l1); // PyMIC's defaults l1 and lambda 1
        assertThat(l1.terms().get("loss_reg")).isCloseTo((5.0 / 3 + 0.8) / 4, within(1e-5));
    }

    /** A dual-branch network returning fixed logits: main {@code a}, branch2 {@code b}, shape (1, 2, 1, 2). */
    private static SegNetwork dual(float[] a, float[] b) {
        LambdaBlock block = new LambdaBlock(in -> {
            NDManager m = in.head().getManager();
            return new NDList(m.create(a, new Shape(1, 2, 1, 2)), m.create(b, new Shape(1, 2, 1, 2)));
        });
        return new SegNetwork("ConstDual", block, 2, 1, 2, false, training -> HeadSpec.mainAndBranches(2));
    }

    // branch 1: pixel 0 (0.75, 0.25), pixel 1 (0.25, 0.75); branch 2: pixel 0 (0.5, 0.5), pixel 1 (0.9, 0.1)
    private static final double[][] S1 = {{0.75, 0.25}, {0.25, 0.75}};
    private static final double[][] S2 = {{0.5, 0.5}, {0.9, 0.1}};
    private static final float[] Z1 = {LN3, 0, 0, LN3};
    private static final float[] Z2 = {0, (float) Math.log(9), 0, 0};
    // both pixels annotated: pixel 0 class 0, pixel 1 class 1
    private static final float[] LABEL = {1, 0, 0, 1};

    private double supervised() {
        double sup1 = (ce(0.75) + ce(0.75)) / 2 / (1 + 0.5e-5);
        double sup2 = (ce(0.5) + ce(0.1)) / 2 / (1 + 0.5e-5);
        return (sup1 + sup2) / 2;
    }

    @Test
    void dmplsSupervisesBothBranchesWithTheArgmaxOfTheirRandomMix() {
        for (int seed = 0; seed < 6; seed++) {
            Engine.getInstance().setRandomSeed(seed);
            StepContext ctx = context(ConstantNetworks.batch(1, 1, 2, LABEL, new float[] {1, 1}), dual(Z1, Z2));
            double loss = StepContext.scalar(create("DMPLS", Map.of("regularize_w", 0.3, "pseudo_sup_loss", "ce_loss"))
                    .loss(ctx));
            double beta = ctx.terms().get("mix");
            assertThat(beta).isBetween(0.0, 1.0);
            double reg1 = 0;
            double reg2 = 0;
            for (int p = 0; p < 2; p++) {
                double m0 = beta * S1[p][0] + (1 - beta) * S2[p][0];
                int c = m0 >= 0.5 ? 0 : 1;
                reg1 += ce(S1[p][c]) / 2;
                reg2 += ce(S2[p][c]) / 2;
            }
            assertThat(loss).as("beta %f", beta).isCloseTo(supervised() + 0.3 * (reg1 + reg2) / 2, within(1e-4));
        }
    }

    @Test
    void dmplsDefaultsToDiceAndRefusesOtherLossesAndSingleDecoders() {
        Engine.getInstance().setRandomSeed(1);
        StepContext ctx = context(ConstantNetworks.batch(1, 1, 2, LABEL, new float[] {1, 1}), dual(Z1, Z2));
        double loss = StepContext.scalar(create("DMPLS", Map.of()).loss(ctx));
        double beta = ctx.terms().get("mix");
        float[] onehot = new float[4];
        for (int p = 0; p < 2; p++) {
            int c = beta * S1[p][0] + (1 - beta) * S2[p][0] >= 0.5 ? 0 : 1;
            onehot[c * 2 + p] = 1;
        }
        NDArray y = manager.create(onehot, new Shape(1, 2, 1, 2));
        DiceLoss dice = new DiceLoss();
        double reg = (StepContext.scalar(dice.compute(manager.create(Z1, new Shape(1, 2, 1, 2)), y, null))
                + StepContext.scalar(dice.compute(manager.create(Z2, new Shape(1, 2, 1, 2)), y, null))) / 2;
        assertThat(loss).isCloseTo(supervised() + 0.1 * reg, within(1e-4));
        assertThatThrownBy(() -> create("DMPLS", Map.of("pseudo_sup_loss", "mse_loss")))
                .isInstanceOf(PymicException.class).hasMessageContaining("dice_loss or ce_loss");
        assertThatThrownBy(() -> create("DMPLS", Map.of()).createNetworks(ToyDiscs.tinyNetworks(1)))
                .isInstanceOf(PymicException.class).hasMessageContaining("two decoders");
    }

    @Test
    void dmspsSupervisesBothBranchesWithTheSoftMixAsPyMicDoes() {
        for (int seed = 0; seed < 4; seed++) {
            Engine.getInstance().setRandomSeed(seed);
            StepContext ctx = context(ConstantNetworks.batch(1, 1, 2, LABEL, new float[] {1, 1}), dual(Z1, Z2));
            double loss = StepContext.scalar(create("DMSPS", Map.of()).loss(ctx)); // ce_loss, regularize_w 8
            double alpha = ctx.terms().get("mix");
            double reg = 0;
            for (double[][] s : new double[][][] {S1, S2}) {
                for (int p = 0; p < 2; p++) {
                    // the loss applies its softmax to the branch's probabilities
                    double e0 = Math.exp(s[p][0]);
                    double e1 = Math.exp(s[p][1]);
                    double[] ss = {e0 / (e0 + e1), e1 / (e0 + e1)};
                    for (int k = 0; k < 2; k++) {
                        double t = alpha * S1[p][k] + (1 - alpha) * S2[p][k];
                        reg += t * ce(ss[k]) / 2 / 2;
                    }
                }
            }
            assertThat(loss).as("alpha %f", alpha).isCloseTo(supervised() + 8 * reg, within(1e-4));
            assertThat(ctx.terms().get("loss_reg")).isCloseTo(reg, within(1e-5));
        }
    }
}
