package org.pymic.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;

/** SLSRLoss against hand-computed values: smoothing only the flagged pixels, PyMIC's plain mean. */
class SLSRLossTest extends LossTestBase {
    private static double l(double p) {
        return Math.log(0.999 * p + 5e-4);
    }

    /** Two pixels, two classes: p = (0.8, 0.2) and (0.4, 0.6); y = (1, 0) and (0, 1). */
    private NDArray probs() {
        return arr(new double[] {0.8, 0.4, 0.2, 0.6}, 1, 2, 1, 2);
    }

    private NDArray target() {
        return arr(new double[] {1, 0, 0, 1}, 1, 2, 1, 2);
    }

    @Test
    void smoothsTheFlaggedPixelOnly() {
        // pixel 1 flagged (weight 255): its target (0, 1) becomes (0.25, 0.75); pixel 0 keeps (1, 0)
        NDArray w = arr(new double[] {0, 255}, 1, 1, 1, 2);
        double expected = (-l(0.8) - (0.25 * l(0.4) + 0.75 * l(0.6))) / 2;
        assertThat(scalar(new SLSRLoss(false, 0.25).compute(probs(), target(), w))).isCloseTo(expected, within(1e-9));
        // epsilon 0.5 makes a flagged target uniform
        double half = (-l(0.8) - 0.5 * (l(0.4) + l(0.6))) / 2;
        assertThat(scalar(new SLSRLoss(false, 0.5).compute(probs(), target(), w))).isCloseTo(half, within(1e-9));
    }

    @Test
    void withoutWeightItIsCrossEntropy() {
        double expected = (-l(0.8) - l(0.6)) / 2;
        assertThat(scalar(new SLSRLoss(false, 0.25).compute(probs(), target(), null))).isCloseTo(expected, within(1e-9));
    }

    @Test
    void gradient() {
        NDArray z = arr(new double[] {0.3, -1.2, 0.5, 0.1, 2.0, -0.4}, 1, 2, 1, 3);
        NDArray y = arr(new double[] {1, 0, 1, 0, 1, 0}, 1, 2, 1, 3);
        NDArray w = arr(new double[] {1, 0, 1}, 1, 1, 1, 3);
        GradCheck.check(z, v -> new SLSRLoss(true, 0.25).compute(v, y, w), 1e-6);
    }

    @Test
    void registeredWithEpsilon() {
        var spec = Registry.global().require(ComponentKind.LOSS, "SLSRLoss");
        assertThat(spec.implemented()).isTrue();
        Params p = Params.resolve(spec, java.util.Map.of("loss_softmax", false));
        assertThat(p.getDouble("slsrloss_epsilon")).isEqualTo(0.25);
        NDArray w = arr(new double[] {0, 1}, 1, 1, 1, 2);
        double expected = (-l(0.8) - (0.25 * l(0.4) + 0.75 * l(0.6))) / 2;
        assertThat(scalar(((SegLoss) spec.create(p)).compute(probs(), target(), w))).isCloseTo(expected, within(1e-9));
        assertThatThrownBy(() -> new SLSRLoss(true, 0.7)).hasMessageContaining("slsrloss_epsilon");
    }
}
