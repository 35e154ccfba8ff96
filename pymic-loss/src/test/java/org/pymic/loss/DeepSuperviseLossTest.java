package org.pymic.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

class DeepSuperviseLossTest extends LossTestBase {

    private NDArray ramp16() {
        double[] v = new double[16];
        for (int i = 0; i < 16; i++) {
            v[i] = i;
        }
        return arr(v, 1, 1, 4, 4);
    }

    @Test
    void averagePoolingOfBlocks() {
        NDArray r = DeepSuperviseLoss.resample(ramp16(), new Shape(1, 1, 2, 2), 2);
        // blocks {0,1,4,5}, {2,3,6,7}, {8,9,12,13}, {10,11,14,15}
        assertThat(r.toDoubleArray()).containsExactly(2.5, 4.5, 10.5, 12.5);
    }

    @Test
    void interpolationTakesMiddleSamples() {
        NDArray x = arr(new double[] {0, 1, 4, 9}, 1, 1, 1, 4);
        // factor 4: source position 4*0 + 1.5 -> mean of samples 1 and 2
        assertThat(DeepSuperviseLoss.resample(x, new Shape(1, 1, 1, 1), 1).toDoubleArray()).containsExactly(2.5);
        assertThat(DeepSuperviseLoss.resample(x, new Shape(1, 1, 1, 1), 2).toDoubleArray()).containsExactly(3.5);
        NDArray y = arr(new double[] {0, 1, 4, 9, 16, 25}, 1, 1, 1, 6);
        // factor 3: source positions 1 and 4 exactly
        assertThat(DeepSuperviseLoss.resample(y, new Shape(1, 1, 1, 2), 1).toDoubleArray()).containsExactly(1.0, 16.0);
    }

    @Test
    void weightedMeanOverScalesWithPooledTarget() {
        NDArray y = arr(new double[] {1, 1, 0, 0, 0, 0, 1, 1}, 1, 2, 1, 4); // class 0 left, class 1 right
        NDArray full = arr(new double[] {0.2, 0.1, -0.3, 0.4, 0.0, 0.5, 0.2, -0.1}, 1, 2, 1, 4);
        NDArray half = arr(new double[] {0.3, -0.2, 0.1, 0.6}, 1, 2, 1, 2);
        NDArray yHalf = arr(new double[] {1, 0, 0, 1}, 1, 2, 1, 2); // pooled by hand
        CrossEntropyLoss ce = new CrossEntropyLoss();
        double expected = (1.0 * scalar(ce.compute(full, y, null)) + 0.5 * scalar(ce.compute(half, yHalf, null))) / 1.5;
        DeepSuperviseLoss ds = new DeepSuperviseLoss(ce, new double[] {1.0, 0.5}, 2);
        assertThat(scalar(ds.compute(new NDList(full, half), y, null))).isCloseTo(expected, within(1e-12));
    }

    @Test
    void pixelWeightIsPooledToo() {
        NDArray y = arr(new double[] {1, 1, 0, 0, 0, 0, 1, 1}, 1, 2, 1, 4);
        NDArray w = arr(new double[] {1, 1, 0, 0}, 1, 1, 1, 4);
        NDArray half = arr(new double[] {0.3, -0.2, 0.1, 0.6}, 1, 2, 1, 2);
        NDArray yHalf = arr(new double[] {1, 0, 0, 1}, 1, 2, 1, 2);
        NDArray wHalf = arr(new double[] {1, 0}, 1, 1, 1, 2);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        DeepSuperviseLoss ds = new DeepSuperviseLoss(ce, null, 2);
        assertThat(scalar(ds.compute(new NDList(half), y, w)))
                .isCloseTo(scalar(ce.compute(half, yHalf, wHalf)), within(1e-12));
    }

    @Test
    void refusesMode0AndNonIntegerRatio() {
        assertThatThrownBy(() -> new DeepSuperviseLoss(new DiceLoss(), null, 0))
                .isInstanceOf(PymicException.class)
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.NOT_IMPLEMENTED));
        assertThatThrownBy(() -> DeepSuperviseLoss.resample(ramp16(), new Shape(1, 1, 3, 3), 2))
                .isInstanceOf(PymicException.class).hasMessageContaining("integer multiple");
    }
}
