package org.pymic.net.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ResizeTest {

    @Test
    void oneDimensionalWeightsFollowPyTorchConventions() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0, 3}, new Shape(1, 1, 1, 2));
            long[] size = {1, 4};
            // align_corners: sources 0, 1/3, 2/3, 1
            assertThat(Resize.resize(x, size, Interp.LINEAR, true).toFloatArray())
                    .containsExactly(new float[] {0, 1, 2, 3}, within(1e-6f));
            // half-pixel: sources -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped index)
            assertThat(Resize.resize(x, size, Interp.LINEAR, false).toFloatArray())
                    .containsExactly(new float[] {0, 0.75f, 2.25f, 3}, within(1e-6f));
            assertThat(Resize.resize(x, size, Interp.NEAREST, false).toFloatArray())
                    .containsExactly(new float[] {0, 0, 3, 3}, within(1e-6f));
        }
    }

    @Test
    void bicubicAlignCornersMatchesCubicConvolutionByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0, 1, 2, 3}, new Shape(1, 1, 1, 4));
            float[] y = Resize.resize(x, new long[] {1, 7}, Interp.CUBIC, true).toFloatArray();
            // d = 1: s = 0.5, taps at -1(->0), 0, 1, 2 with W(1.5) = -0.09375, W(0.5) = 0.59375:
            // -0.09375*0 + 0.59375*0 + 0.59375*1 - 0.09375*2 = 0.40625
            assertThat(y[1]).isCloseTo(0.40625f, within(1e-6f));
            // d = 3: s = 1.5, taps 0..3: 0.59375*(1+2) - 0.09375*(0+3) = 1.5
            assertThat(y[3]).isCloseTo(1.5f, within(1e-6f));
            assertThat(y[0]).isCloseTo(0f, within(1e-6f));
            assertThat(y[6]).isCloseTo(3f, within(1e-6f));
        }
    }

    @Test
    void trilinearAlignCornersReproducesLinearFunction() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] corners = new float[8];
            for (int z = 0; z < 2; z++) {
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 2; x++) {
                        corners[z * 4 + y * 2 + x] = 4 * z + 2 * y + x;
                    }
                }
            }
            NDArray in = m.create(corners, new Shape(1, 1, 2, 2, 2));
            NDArray out = Resize.resize(in, new long[] {4, 4, 4}, Interp.LINEAR, true);
            assertThat(out.getShape()).isEqualTo(new Shape(1, 1, 4, 4, 4));
            float[] v = out.toFloatArray();
            for (int d = 0; d < 4; d++) {
                for (int h = 0; h < 4; h++) {
                    for (int w = 0; w < 4; w++) {
                        assertThat(v[d * 16 + h * 4 + w]).isCloseTo((4 * d + 2 * h + w) / 3f, within(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void upsampleBlockScalesOnlyRequestedAxes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0, 1, 2, 3}, new Shape(1, 1, 1, 2, 2));
            NDArray y = Resize.resize(x, new long[] {1, 4, 4}, Interp.LINEAR, true);
            // bilinear of [[0,1],[2,3]] at (1, 2) of the 4x4 grid: 2*(1/3) + 1*(2/3)
            assertThat(y.getFloat(0, 0, 0, 1, 2)).isCloseTo(4f / 3f, within(1e-6f));
        }
    }
}
