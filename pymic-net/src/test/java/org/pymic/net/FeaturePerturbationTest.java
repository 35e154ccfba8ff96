package org.pymic.net;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;
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
}
