package org.pymic.train.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.net.Networks;
import org.pymic.net.SegNetwork;

class SlidingWindowInfererTest {

    private static Volume random(int c, int d, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] a = new float[c * d * h * w];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() * 4 - 2;
        }
        return Volume.of(a, c, d, h, w);
    }

    @Test
    void identityNetworkGivesItsInputForAnyWindowStrideAndTta() {
        Volume v = random(2, 5, 13, 11, 1);
        int[][] windows = {{4, 4, 4}, {3, 8, 5}, {5, 13, 11}, {8, 16, 16}};
        int[][] strides = {{1, 1, 1}, {2, 3, 4}, {4, 4, 4}, {8, 16, 16}};
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < windows.length; i++) {
                for (int tta = 0; tta <= 1; tta++) {
                    SlidingWindowInferer inf = SlidingWindowInferer.builder().optWindowSize(windows[i])
                            .optWindowStride(strides[i]).optTtaMode(tta).build();
                    Volume out = inf.infer(v, x -> x, 3, m);
                    assertThat(out.shape()).containsExactly(2, 5, 13, 11);
                    for (int k = 0; k < v.data().length; k++) {
                        assertThat(out.data()[k]).as("window %d tta %d voxel %d", i, tta, k)
                                .isCloseTo(v.data()[k], within(1e-4f));
                    }
                }
            }
        }
    }

    @Test
    void twoDimensionalNetworkRunsSliceBySliceWithPadding() {
        Volume v = random(1, 3, 6, 7, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            // window larger than the image in H: padded, then cropped back
            SlidingWindowInferer inf = SlidingWindowInferer.builder().optWindowSize(8, 4).optWindowStride(8, 2)
                    .optSliceBatch(2).build();
            int[] calls = {0};
            Volume out = inf.infer(v, x -> {
                calls[0]++;
                assertThat(x.getShape().dimension()).isEqualTo(4);
                return x.mul(2);
            }, 2, m);
            assertThat(out.shape()).containsExactly(1, 3, 6, 7);
            for (int k = 0; k < v.data().length; k++) {
                assertThat(out.data()[k]).isCloseTo(2 * v.data()[k], within(1e-4f));
            }
            // W windows at x = 0, 2, 3 (last moved back to end at 7) and 2 slice batches
            assertThat(calls[0]).isEqualTo(3 * 2);
        }
    }

    @Test
    void overlappingWindowsAreBlendedWithTheGaussianWeights() {
        // a "network" that outputs a constant per window (its window index): the blend at a voxel covered by
        // two windows must be the weighted mean with the Gaussian weights of each window position.
        Volume v = Volume.of(new float[12], 1, 1, 1, 12);
        int[] counter = {0};
        try (NDManager m = NDManager.newBaseManager()) {
            SlidingWindowInferer inf = SlidingWindowInferer.builder().optWindowSize(1, 8).optWindowStride(1, 4).build();
            Volume out = inf.infer(v, x -> x.zerosLike().add(counter[0]++), 2, m);
            float[] g = GaussianWeights.of(new int[] {1, 1, 8}, true);
            // windows start at 0 and 4; voxel 5 is at offset 5 of window 0 and offset 1 of window 1
            double expected = (0 * g[5] + 1 * g[1]) / (g[5] + g[1]);
            assertThat(out.data()[5]).isCloseTo((float) expected, within(1e-5f));
            assertThat(out.data()[2]).isCloseTo(0f, within(1e-6f));
            assertThat(out.data()[10]).isCloseTo(1f, within(1e-6f));
        }
    }

    @Test
    void gaussianWeightsPeakAtOneInTheCentreAndFollowSigmaOfOneEighth() {
        float[] g = GaussianWeights.of(new int[] {1, 1, 16}, true);
        double sigma = 2.0; // 16 / 8
        double c = 7.5;
        double max = Math.exp(-0.25 / (2 * sigma * sigma));
        for (int i = 0; i < 16; i++) {
            assertThat((double) g[i]).isCloseTo(Math.exp(-(i - c) * (i - c) / (2 * sigma * sigma)) / max, within(1e-6));
        }
        assertThat(g[7]).isEqualTo(1f);
        assertThat(g[0]).isEqualTo(g[15]).isGreaterThan(0f);
        float[] flat = GaussianWeights.of(new int[] {2, 3}, false);
        assertThat(flat).containsOnly(1f);
    }

    @Test
    void windowStartsCoverTheImageAndEndAtTheBorder() {
        var s = SlidingWindowInferer.starts(new int[] {1, 10, 10}, new int[] {1, 4, 10}, new int[] {1, 3, 10});
        assertThat(s).extracting(a -> a[1]).containsExactly(0, 3, 6);
        assertThat(s).extracting(a -> a[2]).containsOnly(0);
    }

    @Test
    void wholeImageInferencePadsUpToTheNetworksSizeMultipleAndCropsBack() {
        Volume v = random(1, 3, 20, 27, 3);
        int[][] seen = new int[1][];
        LogitsModel constrained = LogitsModel.withSizeMultiple(x -> {
            long[] d = x.getShape().getShape();
            seen[0] = new int[] {(int) d[2], (int) d[3]};
            return x.mul(3);
        }, new int[] {16, 8});
        try (NDManager m = NDManager.newBaseManager()) {
            Volume out = SlidingWindowInferer.builder().build().infer(v, constrained, 2, m);
            assertThat(seen[0]).containsExactly(32, 32);
            assertThat(out.shape()).containsExactly(1, 3, 20, 27);
            for (int k = 0; k < v.data().length; k++) {
                assertThat(out.data()[k]).as("voxel %d", k).isCloseTo(3 * v.data()[k], within(1e-4f));
            }
            // a 3D network: D too, and sizes already multiples stay as they are
            Volume out3 = SlidingWindowInferer.builder().build().infer(v, LogitsModel.withSizeMultiple(x -> {
                long[] d = x.getShape().getShape();
                seen[0] = new int[] {(int) d[2], (int) d[3], (int) d[4]};
                return x;
            }, new int[] {4, 4, 27}), 3, m);
            assertThat(seen[0]).containsExactly(4, 20, 27);
            for (int k = 0; k < v.data().length; k++) {
                assertThat(out3.data()[k]).as("voxel %d", k).isCloseTo(v.data()[k], within(1e-4f));
            }
        }
        assertThat(SlidingWindowInferer.roundUp(new int[] {1, 384, 276}, new int[] {16, 16})).containsExactly(1, 384, 288);
        assertThat(SlidingWindowInferer.roundUp(new int[] {1, 384, 276}, null)).containsExactly(1, 384, 276);
    }

    @Test
    void aSlidingWindowThePoolingsDoNotDivideIsRefusedNamingTheKeyAndWholeAxesAreRoundedUp() {
        int[] s = {1, 384, 276};
        int[] unet = {16, 16};
        assertThat(SlidingWindowInferer.builder().optEnabled(true).optWindowSize(128, 128).build()
                .window(2, s, unet)).containsExactly(1, 128, 128);
        // 0 = the whole axis: 276 rounded up as for whole-image inference
        assertThat(SlidingWindowInferer.builder().optEnabled(true).optWindowSize(128, 0).build()
                .window(2, s, unet)).containsExactly(1, 128, 288);
        assertThatThrownBy(() -> SlidingWindowInferer.builder().optEnabled(true).optWindowSize(100, 0).build()
                .window(2, s, unet))
                .isInstanceOf(PymicException.class)
                .hasMessageContaining("sliding_window_size = [100, 0]")
                .hasMessageContaining("use [112, 0]");
        assertThatThrownBy(() -> SlidingWindowInferer.builder().optEnabled(true).optWindowSize(6, 100, 120).build()
                .window(2, s, unet))
                .hasMessageContaining("use [6, 112, 128]");
        // a network without a constraint takes any window
        assertThat(SlidingWindowInferer.builder().optEnabled(true).optWindowSize(100, 0).build()
                .window(2, s, null)).containsExactly(1, 100, 276);
    }

    @Test
    void twoWindowValuesForA3DNetworkAreRefusedBeforeAnyImageIsRead() {
        assertThatThrownBy(() -> SlidingWindowInferer.builder().optWindowSize(64, 64).build()
                .checkWindow(3, null))
                .isInstanceOf(PymicException.class)
                .hasMessageContaining("sliding_window_size has 2 values but the network is 3D");
        assertThatThrownBy(() -> SlidingWindowInferer.builder().optWindowSize(16, 64, 64).optWindowStride(32, 32)
                .build().checkWindow(3, new int[] {8, 8, 8}))
                .hasMessageContaining("sliding_window_stride has 2 values but the network is 3D");
        // a 2D network takes both counts; with sliding windows off the keys are not read
        SlidingWindowInferer.builder().optWindowSize(64, 64).optWindowStride(32, 32).build().checkWindow(2, null);
        SlidingWindowInferer.builder().optWindowSize(64, 64).optEnabled(false).build().checkWindow(3, null);
        assertThatThrownBy(() -> SlidingWindowInferer.builder().optWindowSize(64, 64).build()
                .checkWindow(3, new int[] {8, 8, 8}))
                .hasMessageContaining("has 2 values");
    }

    @Test
    void aUNetSegmentsAnImageWhoseSizeItsPoolingsDoNotDivide() {
        SegNetwork net = Networks.create("UNet2D", Map.of("in_chns", 1, "class_num", 2,
                "feature_chns", List.of(2, 4, 8, 16, 32)));
        assertThat(net.sizeMultiple()).containsExactly(16, 16);
        Volume v = random(1, 2, 20, 27, 4);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, new Shape(1, 1, 16, 16));
            LogitsModel model = NetworkModels.of(net);
            // the network itself refuses 20 x 27 ...
            assertThatThrownBy(() -> model.logits(m.create(v.data(), new Shape(2, 1, 20, 27))))
                    .hasMessageContaining("must be divisible by 16");
            // ... whole-image inference pads it to 32 x 32 and returns the image's grid
            Volume out = SlidingWindowInferer.builder().build().infer(v, model, 2, m);
            assertThat(out.shape()).containsExactly(2, 2, 20, 27);
            assertThat(out.data()).doesNotContain(Float.NaN);
        }
    }
}
