package org.pymic.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.Registry;

/** Total variation and MSE against hand-computed values. */
class RegularizationLossesTest extends LossTestBase {

    /** 4x4 map, columns 0 and 1 are 1, columns 2 and 3 are 0. */
    private static double[] stripe() {
        double[] v = new double[16];
        for (int y = 0; y < 4; y++) {
            v[y * 4] = 1;
            v[y * 4 + 1] = 1;
        }
        return v;
    }

    @Test
    void totalVariationOfAStripe() {
        // erosion keeps column 0 only (column 1 sees the zeros of column 2); the opening restores
        // column 1, so the contour is q(1) - q(0) = 0.999 on column 1: 4 * 0.999 / 16
        NDArray p = arr(stripe(), 1, 1, 4, 4);
        assertThat(scalar(new TotalVariationLoss(false).compute(p))).isCloseTo(4 * 0.999 / 16, within(1e-9));
    }

    @Test
    void totalVariationOfTwoClassMaps() {
        double[] s = stripe();
        double[] two = new double[32];
        for (int i = 0; i < 16; i++) {
            two[i] = 1 - s[i];
            two[16 + i] = s[i];
        }
        // each class map has one contour column of 0.999: 8 * 0.999 / 32
        assertThat(scalar(new TotalVariationLoss(false).compute(arr(two, 1, 2, 4, 4))))
                .isCloseTo(8 * 0.999 / 32, within(1e-9));
    }

    @Test
    void totalVariationVanishesOnConstantAndThinMaps() {
        double[] dot = new double[25];
        dot[12] = 1; // an isolated pixel is removed by the erosion and not restored
        assertThat(scalar(new TotalVariationLoss(false).compute(arr(dot, 1, 1, 5, 5)))).isCloseTo(0, within(1e-12));
        double[] flat = new double[27];
        java.util.Arrays.fill(flat, 0.3);
        assertThat(scalar(new TotalVariationLoss(false).compute(arr(flat, 1, 1, 3, 3, 3)))).isCloseTo(0, within(1e-12));
    }

    @Test
    void totalVariationInThreeDimensions() {
        // 4x4x4 volume, x < 2 is 1: per slice as the 2D stripe (the z neighbours are equal)
        double[] v = new double[64];
        for (int i = 0; i < 64; i++) {
            v[i] = i % 4 < 2 ? 1 : 0;
        }
        assertThat(scalar(new TotalVariationLoss(false).compute(arr(v, 1, 1, 4, 4, 4))))
                .isCloseTo(16 * 0.999 / 64, within(1e-9));
    }

    @Test
    void totalVariationWithPixelWeight() {
        double[] w = new double[16];
        for (int y = 0; y < 4; y++) {
            w[y * 4 + 1] = 1; // only the contour column
        }
        double got = scalar(new TotalVariationLoss(false).compute(arr(stripe(), 1, 1, 4, 4), null, arr(w, 1, 1, 4, 4)));
        assertThat(got).isCloseTo(4 * 0.999 / (4 + 1e-5), within(1e-9));
    }

    @Test
    void totalVariationGradient() {
        NDArray z = arr(new double[] {0.3, -1.2, 0.5, 0.1, 2.0, -0.4, 0.7, 1.1, -0.3, 0.2, 0.9, -2.0,
            1.3, 0.4, -0.8, 0.6, 0.05, -0.6}, 1, 2, 3, 3);
        GradCheck.check(z, v -> new TotalVariationLoss(true).compute(v), 1e-6);
    }

    @Test
    void mseOfProbabilities() {
        NDArray p = arr(new double[] {0.8, 0.4, 0.2, 0.6}, 1, 2, 1, 2);
        NDArray y = arr(new double[] {1, 0.5, 0, 0.5}, 1, 2, 1, 2);
        double expected = (0.04 + 0.01 + 0.04 + 0.01) / 4;
        assertThat(scalar(new MSELoss(false).compute(p, y, null))).isCloseTo(expected, within(1e-12));
        NDArray w = arr(new double[] {1, 0}, 1, 1, 1, 2);
        assertThat(scalar(new MSELoss(false).compute(p, y, w))).isCloseTo(0.04 / (1 + 1e-5), within(1e-12));
    }

    @Test
    void mseAppliesSoftmax() {
        double ln3 = Math.log(3);
        NDArray z = arr(new double[] {ln3, 0}, 1, 2, 1, 1); // softmax (0.75, 0.25)
        NDArray y = arr(new double[] {0.5, 0.5}, 1, 2, 1, 1);
        assertThat(scalar(new MSELoss().compute(z, y, null))).isCloseTo(0.0625, within(1e-12));
    }

    @Test
    void registeredUnderPymicNames() {
        for (String n : new String[] {"TotalVariationLoss", "MSELoss"}) {
            assertThat(Registry.global().require(ComponentKind.LOSS, n).implemented()).isTrue();
        }
    }
}
