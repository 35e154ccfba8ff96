package org.pymic.train.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;
import org.pymic.loss.CrossEntropyLoss;
import org.pymic.train.ValidationCase;

/** TriNet's selection by hand on a tiny case, its ramp-up, the N-network mechanism, and a toy run. */
class TriNetTest {
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

    private static float logit(double p) {
        return (float) Math.log(p / (1 - p));
    }

    /** Constant two-class logits whose class-1 probability per pixel is {@code p1}. */
    private static org.pymic.net.SegNetwork net(double[] p1) {
        float[] z = new float[2 * p1.length];
        for (int i = 0; i < p1.length; i++) {
            z[p1.length + i] = logit(p1[i]);
        }
        return ConstantNetworks.of(z, 1, 2, 1, p1.length);
    }

    private static float[] allClassOne(int m) {
        float[] label = new float[2 * m];
        for (int i = 0; i < m; i++) {
            label[m + i] = 1;
        }
        return label;
    }

    @Test
    void quantileIsTorchsLinearInterpolation() {
        // sorted 0 1 2 3 5: q = 0.9 sits at 3.6, 3 + 0.6 * (5 - 3); q = 0.5 at 2; q = 1 the maximum
        float[] v = {3, 1, 2, 0, 5};
        assertThat(TriNet.quantile(v, 0.9)).isCloseTo(4.2, within(1e-6));
        assertThat(TriNet.quantile(v, 0.5)).isCloseTo(2.0, within(1e-12));
        assertThat(TriNet.quantile(v, 1.0)).isCloseTo(5.0, within(1e-12));
        // strictly below: at q = 1 the largest loss is left out, as torch's loss < quantile
        assertThat(TriNet.belowQuantileMask(manager.create(v), 1.0).toFloatArray()).containsExactly(1, 1, 1, 1, 0);
        assertThat(TriNet.belowQuantileMask(manager.create(v), 0.5).toFloatArray()).containsExactly(0, 1, 0, 1, 0);
    }

    @Test
    void eachNetworkLearnsWhereTheOtherTwoSelect() {
        // five pixels, every label is class 1; probability of class 1 per pixel and network
        double[] p1 = {0.9, 0.6, 0.3, 0.8, 0.5};
        double[] p2 = {0.5, 0.95, 0.7, 0.2, 0.85};
        double[] p3 = {0.7, 0.9, 0.4, 0.6, 0.8};
        StepContext ctx = ConstantNetworks.context(manager, 0, ConstantNetworks.batch(1, 1, 5, allClassOne(5), null),
                null, ConstantNetworks.named("net1", net(p1), "net2", net(p2), "net3", net(p3)),
                new CrossEntropyLoss());
        // ramp-up complete (empty interval): the 0.6-quantile sits at 2.4 of the sorted losses, so each
        // network selects its three smallest losses: S1 = {0, 1, 3}, S2 = {1, 2, 4}, S3 = {0, 1, 4}
        // net1 learns on S2 S3 = {1, 4}, net2 on S1 S3 = {0, 1}, net3 on S1 S2 = {1}
        double l1 = (ce(0.6) + ce(0.5)) / 2;
        double l2 = (ce(0.5) + ce(0.95)) / 2;
        double l3 = ce(0.9);
        NDArray loss = new TriNet(0.6, 0, 0).loss(ctx);
        assertThat(StepContext.scalar(loss)).isCloseTo((l1 + l2 + l3) / 3, within(1e-5));
        assertThat(ctx.terms().get("loss3")).isCloseTo(l3, within(1e-5));
        assertThat(ctx.terms().get("select_ratio")).isCloseTo(0.6, within(1e-12));
        assertThat(ctx.terms().get("loss_no_select2"))
                .isCloseTo((ce(0.5) + ce(0.95) + ce(0.7) + ce(0.2) + ce(0.85)) / 5, within(1e-5));
    }

    @Test
    void anEmptyAgreementContributesNothing() {
        // two pixels; at q = 0.5 each network selects its smaller loss: net1 pixel 0, net2 and net3
        // pixel 1. net1 learns on S2 S3 = {1}; net2 and net3 on an empty agreement (0, not PyMIC's NaN)
        double[] p1 = {0.9, 0.2};
        double[] p2 = {0.3, 0.8};
        double[] p3 = {0.4, 0.7};
        StepContext ctx = ConstantNetworks.context(manager, 0, ConstantNetworks.batch(1, 1, 2, allClassOne(2), null),
                null, ConstantNetworks.named("net1", net(p1), "net2", net(p2), "net3", net(p3)),
                new CrossEntropyLoss());
        NDArray loss = new TriNet(0.5, 0, 0).loss(ctx);
        assertThat(StepContext.scalar(loss)).isCloseTo(ce(0.2) / 3, within(1e-5));
    }

    @Test
    void linearRampupOfTheKeptQuantile() {
        TriNet m = new TriNet(0.9, 10, 20);
        assertThat(m.keptFraction(ConstantNetworks.context(manager, 5, null, null, ConstantNetworks.named(), null)))
                .isCloseTo(1.0, within(1e-12));
        assertThat(m.keptFraction(ConstantNetworks.context(manager, 15, null, null, ConstantNetworks.named(), null)))
                .isCloseTo(0.95, within(1e-12));
        assertThat(m.keptFraction(ConstantNetworks.context(manager, 30, null, null, ConstantNetworks.named(), null)))
                .isCloseTo(0.9, within(1e-12));
        // without rampup_end the ramp ends at iter_max (100 in these contexts)
        assertThat(new TriNet(0.9, 0, null).keptFraction(
                ConstantNetworks.context(manager, 50, null, null, ConstantNetworks.named(), null)))
                .isCloseTo(0.95, within(1e-12));
    }

    @Test
    void buildsThreeNetworksFromOneTypeOrThree() {
        assertThat(new TriNet(0.9, 0, null).createNetworks(ToyDiscs.tinyNetworks(1)).keySet())
                .containsExactly("net1", "net2", "net3");
        assertThat(new TriNet(0.9, 0, null).createNetworks(ToyDiscs.tinyNetworks(3))).hasSize(3);
        assertThatThrownBy(() -> new TriNet(0.9, 0, null).createNetworks(ToyDiscs.tinyNetworks(2)))
                .isInstanceOf(PymicException.class).hasMessageContaining("net_type lists 2 types");
    }

    @Test
    void registeredWithItsRequiredRatio() {
        ComponentSpec spec = Registry.global().require(ComponentKind.METHOD, "TriNet");
        assertThat((Object) spec.create(Params.resolve(spec, Map.of("trinet_select_ratio", 0.9))))
                .isInstanceOf(TriNet.class);
        assertThatThrownBy(() -> Params.resolve(spec, Map.of())).hasMessageContaining("trinet_select_ratio");
        assertThatThrownBy(() -> new TriNet(0, 0, null)).hasMessageContaining("(0, 1]");
    }

    @Test
    void triNetBeatsCrossEntropyOnFlippedLabels(@TempDir Path dir) {
        int iters = Integer.getInteger("toy.iters", 100);
        double noise = 0.5;
        List<ToyDiscs.Disc> lab = ToyDiscs.pool(11, 4, noise);
        List<ValidationCase> val = ToyDiscs.validation(99, 4, noise);
        ToyDiscs.Annotator noisy = ToyDiscs.flipped(0.3, 11);
        ToyDiscs.Result ce = ToyDiscs.train(dir.resolve("ce"), new FullySupervised(), 1, new CrossEntropyLoss(),
                ToyDiscs.labelled(lab, 2, 5, noisy), null, val, iters, 0.01);
        ToyDiscs.Result tri = ToyDiscs.train(dir.resolve("tri"), new TriNet(0.7, 0, iters / 2), 1,
                new CrossEntropyLoss(), ToyDiscs.labelled(lab, 2, 5, noisy), null, val, iters, 0.01);
        System.out.printf("toy: trinet %.4f ce %.4f%n", tri.dice(), ce.dice());
        assertThat(tri.dice()).isGreaterThan(ce.dice() + 0.1);
    }
}
