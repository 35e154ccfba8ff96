package org.pymic.train.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pymic.core.config.ConfigProblem;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;

/** [testing] tta_mode = 2: PyMIC's mean over the axial, sagittal and coronal views of a volume. */
class ThreeViewTtaTest {

    private static Volume random(int c, int d, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] a = new float[c * d * h * w];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() * 2 - 1;
        }
        return Volume.of(a, c, d, h, w);
    }

    /** A tiny randomly initialised network: one convolution with an asymmetric kernel, 1 to 2 channels. */
    static LogitsModel tinyNet(NDManager m, int dim) {
        Block b = dim == 3
                ? Conv3d.builder().setKernelShape(new Shape(3, 1, 3)).optPadding(new Shape(1, 0, 1)).setFilters(2).build()
                : Conv2d.builder().setKernelShape(new Shape(3, 1)).optPadding(new Shape(1, 0)).setFilters(2).build();
        b.initialize(m, DataType.FLOAT32, dim == 3 ? new Shape(1, 1, 4, 4, 4) : new Shape(1, 1, 4, 4));
        return x -> b.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).head();
    }

    /** The manual three-view mean: infer each swapped volume without TTA, swap back, average. */
    private static float[] manual(Volume v, LogitsModel net, int dim, SlidingWindowInferer.Builder b, NDManager m) {
        SlidingWindowInferer plain = b.optTtaMode(0).build();
        int c = v.channels();
        int d = v.depth();
        int h = v.height();
        int w = v.width();
        float[] a = plain.infer(v, net, dim, m).data();
        Volume dwIn = Volume.of(SlidingWindowInferer.swapDW(v.data(), c, d, h, w), c, w, h, d);
        Volume dhIn = Volume.of(SlidingWindowInferer.swapDH(v.data(), c, d, h, w), c, h, d, w);
        float[] dw = SlidingWindowInferer.swapDW(plain.infer(dwIn, net, dim, m).data(), 2, w, h, d);
        float[] dh = SlidingWindowInferer.swapDH(plain.infer(dhIn, net, dim, m).data(), 2, h, d, w);
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (a[i] + dw[i] + dh[i]) / 3;
        }
        return out;
    }

    @Test
    void swapsAreTheTranspositionsTheirNamesSay() {
        Volume v = random(2, 3, 4, 5, 1);
        float[] dw = SlidingWindowInferer.swapDW(v.data(), 2, 3, 4, 5);
        float[] dh = SlidingWindowInferer.swapDH(v.data(), 2, 3, 4, 5);
        Volume vdw = Volume.of(dw, 2, 5, 4, 3);
        Volume vdh = Volume.of(dh, 2, 4, 3, 5);
        assertThat(vdw.get(1, 4, 2, 1)).isEqualTo(v.get(1, 1, 2, 4));
        assertThat(vdh.get(1, 3, 2, 4)).isEqualTo(v.get(1, 2, 3, 4));
        assertThat(SlidingWindowInferer.swapDW(dw, 2, 5, 4, 3)).containsExactly(v.data());
        assertThat(SlidingWindowInferer.swapDH(dh, 2, 4, 3, 5)).containsExactly(v.data());
    }

    @Test
    void modeTwoIsTheMeanOfTheThreeSwappedInferencesFor3dAnd2dNetworks() {
        Volume v = random(1, 5, 6, 7, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int dim = 2; dim <= 3; dim++) {
                LogitsModel net = tinyNet(m, dim);
                int finalDim = dim;
                java.util.function.Supplier<SlidingWindowInferer.Builder> windows = () -> finalDim == 3
                        ? SlidingWindowInferer.builder().optWindowSize(4, 4, 4).optWindowStride(2, 2, 2)
                        : SlidingWindowInferer.builder().optWindowSize(4, 4).optWindowStride(2, 2);
                float[] expected = manual(v, net, dim, windows.get(), m);
                Volume out = windows.get().optTtaMode(2).build().infer(v, net, dim, m);
                assertThat(out.shape()).containsExactly(2, 5, 6, 7);
                float[] axial = windows.get().build().infer(v, net, dim, m).data();
                boolean differs = false;
                for (int i = 0; i < expected.length; i++) {
                    assertThat(out.data()[i]).as("dim %d voxel %d", dim, i).isCloseTo(expected[i], within(1e-5f));
                    differs |= Math.abs(out.data()[i] - axial[i]) > 1e-4f;
                }
                assertThat(differs).as("the other views change the %dD network's prediction", dim).isTrue();
            }
        }
    }

    @Test
    void modeTwoRefusesA2dImageClearly() {
        Volume v = random(1, 1, 6, 7, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            SlidingWindowInferer inf = SlidingWindowInferer.builder().optTtaMode(2).build();
            assertThatThrownBy(() -> inf.infer(v, x -> x, 2, m)).isInstanceOf(PymicException.class)
                    .hasMessageContaining("tta_mode = 2").hasMessageContaining("2D");
        }
    }

    @Test
    void checkAcceptsModeTwoAndRefusesThree() {
        assertThat(InfererKeysTest.check("tta_mode=2")).isEmpty();
        assertThat(InfererKeysTest.check("tta_mode=3")).extracting(ConfigProblem::key).containsExactly("tta_mode");
        assertThat(SlidingWindowInferer.fromConfig(InfererKeysTest.config("tta_mode=2").section("testing")).ttaMode())
                .isEqualTo(2);
    }
}
