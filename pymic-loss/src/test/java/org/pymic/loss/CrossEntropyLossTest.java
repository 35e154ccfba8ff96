package org.pymic.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class CrossEntropyLossTest extends LossTestBase {
    private static final double LN3 = Math.log(3);

    /** Two pixels of a (1, 2, 1, 2) image: softmax gives [0.25, 0.75] and [0.75, 0.25]. */
    private NDArray logits() {
        // layout (N, K, H, W): class 0 row then class 1 row
        return arr(new double[] {0, LN3, LN3, 0}, 1, 2, 1, 2);
    }

    /** Both pixels labelled class 1. */
    private NDArray target() {
        return arr(new double[] {0, 0, 1, 1}, 1, 2, 1, 2);
    }

    @Test
    void plainMeanOverPixels() {
        double expected = -(Math.log(q(0.75)) + Math.log(q(0.25))) / 2;
        double got = scalar(new CrossEntropyLoss().compute(logits(), target(), null));
        assertThat(got).isCloseTo(expected, within(1e-12));
        assertThat(got).isCloseTo(0.837, within(1e-3));
    }

    @Test
    void classWeightScalesEachClassTerm() {
        double expected = -2 * (Math.log(q(0.75)) + Math.log(q(0.25))) / 2;
        double got = scalar(new CrossEntropyLoss(true, new double[] {1, 2}).compute(logits(), target(), null));
        assertThat(got).isCloseTo(expected, within(1e-12));
    }

    @Test
    void pixelWeightZeroExcludesPixel() {
        NDArray w = arr(new double[] {1, 0}, 1, 1, 1, 2);
        double expected = -Math.log(q(0.75)) / (1 + 1e-5);
        double got = scalar(new CrossEntropyLoss().compute(logits(), target(), w));
        assertThat(got).isCloseTo(expected, within(1e-12));
    }

    @Test
    void pixelWeightedMean() {
        NDArray w = arr(new double[] {3, 1}, 1, 1, 1, 2);
        double expected = (3 * -Math.log(q(0.75)) + 1 * -Math.log(q(0.25))) / (4 + 1e-5);
        assertThat(scalar(new CrossEntropyLoss().compute(logits(), target(), w))).isCloseTo(expected, within(1e-12));
    }

    @Test
    void probabilitiesWhenSoftmaxOff() {
        NDArray p = arr(new double[] {0.1, 0.6, 0.9, 0.4}, 1, 2, 1, 2);
        double expected = -(Math.log(q(0.9)) + Math.log(q(0.4))) / 2;
        assertThat(scalar(new CrossEntropyLoss(false, null).compute(p, target(), null)))
                .isCloseTo(expected, within(1e-12));
    }

    /**
     * dL/dz_j = (1/P) sum_k (-y_k a / (a p_k + b)) p_k (delta_kj - p_j) with a = 0.999, b = 5e-4;
     * for a = 1, b = 0 it is (p - y) / P.
     */
    @Test
    void gradientMatchesHandDerivation() {
        NDArray z = logits();
        z.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(new CrossEntropyLoss().compute(z, target(), null));
        }
        double[] g = z.getGradient().toDoubleArray();
        double[][] p = {{0.25, 0.75}, {0.75, 0.25}};
        double[][] y = {{0, 1}, {0, 1}};
        for (int px = 0; px < 2; px++) {
            for (int j = 0; j < 2; j++) {
                double d = 0;
                for (int k = 0; k < 2; k++) {
                    double dLdp = -y[px][k] * 0.999 / q(p[px][k]);
                    d += dLdp * p[px][k] * ((k == j ? 1 : 0) - p[px][j]);
                }
                d /= 2;
                assertThat(g[j * 2 + px]).as("pixel %d class %d", px, j).isCloseTo(d, within(1e-12));
            }
        }
        // close to (p - y) / P: pixel 0 class 1: (0.75 - 1) / 2
        assertThat(g[2]).isCloseTo(-0.125, within(1e-3));
    }
}
