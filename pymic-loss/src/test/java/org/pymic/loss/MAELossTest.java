package org.pymic.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;

/** MAELoss against hand-computed values, PyMIC's reductions with and without a pixel weight. */
class MAELossTest extends LossTestBase {

    /** Two pixels, two classes: p = (0.8, 0.2) and (0.4, 0.6); y = (1, 0) and (0, 1). */
    private NDArray probs() {
        return arr(new double[] {0.8, 0.4, 0.2, 0.6}, 1, 2, 1, 2);
    }

    private NDArray target() {
        return arr(new double[] {1, 0, 0, 1}, 1, 2, 1, 2);
    }

    @Test
    void plainMeanOverEveryElement() {
        // |0.8-1| + |0.4-0| + |0.2-0| + |0.6-1| = 0.2 + 0.4 + 0.2 + 0.4, over 4 elements
        assertThat(scalar(new MAELoss(false).compute(probs(), target(), null))).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void weightedSumsTheClassesAndDividesByTheWeight() {
        // pixel 0 has weight 2 and errors 0.2 + 0.2; pixel 1 weight 0.5 and errors 0.4 + 0.4:
        // (2 * 0.4 + 0.5 * 0.8) / 2.5 = 0.48
        NDArray w = arr(new double[] {2, 0.5}, 1, 1, 1, 2);
        assertThat(scalar(new MAELoss(false).compute(probs(), target(), w))).isCloseTo(0.48, within(1e-12));
    }

    @Test
    void appliesSoftmax() {
        double ln3 = Math.log(3);
        NDArray z = arr(new double[] {ln3, 0}, 1, 2, 1, 1); // softmax (0.75, 0.25)
        NDArray y = arr(new double[] {1, 0}, 1, 2, 1, 1);
        assertThat(scalar(new MAELoss(true).compute(z, y, null))).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void gradient() {
        NDArray z = arr(new double[] {0.3, -1.2, 0.5, 0.1, 2.0, -0.4}, 1, 2, 1, 3);
        NDArray y = arr(new double[] {1, 0, 0.5, 0, 1, 0.5}, 1, 2, 1, 3);
        GradCheck.check(z, v -> new MAELoss(true).compute(v, y, null), 1e-6);
    }

    @Test
    void registeredWithSoftmaxKey() {
        var spec = Registry.global().require(ComponentKind.LOSS, "MAELoss");
        assertThat(spec.implemented()).isTrue();
        Object loss = spec.create(Params.resolve(spec, java.util.Map.of("loss_softmax", false)));
        assertThat(scalar(((SegLoss) loss).compute(probs(), target(), null))).isCloseTo(0.3, within(1e-12));
    }
}
