package org.pymic.net;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** UNet2D's {@code fp_dropout}: the decoder on channel-dropped features as an extra training head. */
class FeaturePerturbationTest {

    @Test
    void trainingAddsTheFpHeadAndEvaluationDoesNot() {
        Map<String, Object> v = new HashMap<>(NetTesting.tiny(1, 3));
        v.put("fp_dropout", 0.5);
        SegNetwork net = Networks.create("UNet2D", v);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 1, 16, 16);
            net.initialize(m, in);
            NetOutput train = net.forward(NetTesting.input(m, in, 3), true);
            assertThat(train.auxiliary()).hasSize(1);
            assertThat(train.get("fp").getShape()).isEqualTo(new Shape(2, 3, 16, 16));
            // the perturbed prediction differs from the clean one; evaluation returns main only
            assertThat(train.get("fp").sub(train.main()).abs().max().getFloat()).isGreaterThan(0f);
            assertThat(net.forward(NetTesting.input(m, in, 3), false).heads()).hasSize(1);
        }
        SegNetwork plain = Networks.create("UNet2D", NetTesting.tiny(1, 3));
        assertThat(plain.heads(true)).containsExactly(HeadSpec.MAIN);
    }

    @Test
    void theFpHeadSharesTheDecoderBatchAndCanBeSkipped() {
        // a dropout probability so small that no channel is dropped: the perturbed copy equals the clean
        // features, so a decoder batch of both normalises as the clean batch alone, fp = main, and main
        // is the main of the pass that skips fp
        SegNetwork net = withoutBackboneDropout(1e-12);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(3, 1, 16, 16);
            net.initialize(m, in);
            var x = NetTesting.input(m, in, 5);
            NetOutput both = net.forward(x, true);
            NetOutput skipped = skippingFp(net, x);
            assertThat(skipped.heads()).hasSize(1);
            assertThat(both.main().getShape()).isEqualTo(new Shape(3, 3, 16, 16));
            assertThat(both.get("fp").sub(both.main()).abs().max().getFloat()).isLessThan(1e-5f);
            assertThat(skipped.main().sub(both.main()).abs().max().getFloat()).isLessThan(1e-5f);
            // two differing samples: the batch statistics matter, so the halves must line up sample by sample
            assertThat(both.main().get("0").sub(both.main().get("1")).abs().max().getFloat()).isGreaterThan(1e-3f);
        }
        // with channels dropped, the clean half's batch norm sees the dropped half too (the reference's
        // one decoder batch): main then differs from the plain pass's, which separate passes would not do
        SegNetwork dropped = withoutBackboneDropout(0.5);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(3, 1, 16, 16);
            dropped.initialize(m, in);
            var x = NetTesting.input(m, in, 5);
            var joint = dropped.forward(x, true).main();
            var plain = skippingFp(dropped, x).main();
            assertThat(joint.sub(plain).abs().max().getFloat()).isGreaterThan(1e-3f);
        }
    }

    /** A tiny UNet2D with feature dropout {@code fp} and no dropout of its own (no random masks in the two halves). */
    private static SegNetwork withoutBackboneDropout(double fp) {
        Map<String, Object> v = new HashMap<>(NetTesting.tiny(1, 3));
        v.put("fp_dropout", fp);
        v.put("dropout", java.util.List.of(0.0, 0.0, 0.0, 0.0, 0.0));
        return Networks.create("UNet2D", v);
    }

    /** The training forward of {@code net} that skips the {@code fp} head. */
    private static NetOutput skippingFp(SegNetwork net, ai.djl.ndarray.NDArray x) {
        return net.forward(new ai.djl.training.ParameterStore(x.getManager(), false), x, true, Set.of("fp"));
    }
}
