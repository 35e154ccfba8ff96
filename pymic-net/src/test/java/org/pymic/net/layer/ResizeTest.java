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

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"LINEAR,true,2", "LINEAR,false,2", "CUBIC,true,2", "NEAREST,false,2",
        "LINEAR,true,3", "NEAREST,false,3"})
    void channelsLastPathGivesTheSameValuesAndGradientsInChannelsLastMemory(Interp mode, boolean align, int rank) {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = rank == 2 ? new Shape(2, 3, 4, 5) : new Shape(2, 3, 3, 4, 5);
            long[] out = rank == 2 ? new long[] {8, 7} : new long[] {6, 8, 7};
            java.util.Random r = new java.util.Random(7);
            float[] v = new float[(int) s.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            NDArray x = m.create(v, s);
            Shape os = rank == 2 ? new Shape(2, 3, 8, 7) : new Shape(2, 3, 6, 8, 7);
            NDArray w = m.arange((float) os.size()).reshape(os).mul(0.01f);
            float[][] values = new float[2][];
            float[][] grads = new float[2][];
            for (Layout layout : Layout.values()) {
                NDArray in = layout.apply(x.duplicate());
                in.setRequiresGradient(true);
                NDArray y;
                try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    y = Resize.resize(in, out, mode, align, layout);
                    gc.backward(y.mul(w).sum());
                }
                assertThat(y.getShape()).isEqualTo(os);
                if (layout == Layout.CHANNELS_LAST) {
                    assertThat(LayoutTest.isContiguous(LayoutTest.memoryOrderView(y))).isTrue();
                }
                values[layout.ordinal()] = y.toFloatArray();
                grads[layout.ordinal()] = in.getGradient().toFloatArray();
            }
            assertThat(values[1]).containsExactly(values[0], within(1e-5f * maxAbs(values[0])));
            assertThat(grads[1]).containsExactly(grads[0], within(1e-5f * maxAbs(grads[0])));
        }
    }

    private static float maxAbs(float[] a) {
        float m = 1e-6f;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
