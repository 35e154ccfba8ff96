package org.pymic.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.pymic.core.error.PymicException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkShapeTest {

    private static Shape[] run(String type, Map<String, Object> values, Shape in, boolean training) {
        SegNetwork net = Networks.create(type, values);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, in);
            NDList out = net.forward(NetTesting.input(m, in, 7), training).toList();
            return out.stream().map(a -> a.getShape()).toArray(Shape[]::new);
        }
    }

    private static Shape[] shapes(Shape[] s) {
        return s;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void unet2dKeepsSpatialSizeForEveryUpMode(int upMode) {
        Shape[] out = run("UNet2D", NetTesting.tiny(1, 3, "up_mode", upMode), new Shape(2, 1, 16, 16), true);
        assertThat(shapes(out)).containsExactly(new Shape(2, 3, 16, 16));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void unet3dKeepsSpatialSizeForEveryUpMode(int upMode) {
        Shape[] out = run("UNet3D", NetTesting.tiny(1, 2, "up_mode", upMode, "feature_chns", List.of(2, 4, 8, 8, 8)),
                new Shape(2, 1, 16, 16, 16), true);
        // batch 2: the 1x1x1 bottom level needs more than one value per channel for batch norm
        assertThat(shapes(out)).containsExactly(new Shape(2, 2, 16, 16, 16));
    }

    @Test
    void unet2dMultiscaleGivesAuxiliaryLogitsOnlyWhenTraining() {
        Map<String, Object> cfg = NetTesting.tiny(1, 2, "multiscale_pred", true);
        assertThat(shapes(run("UNet2D", cfg, new Shape(2, 1, 16, 16), true))).containsExactly(
                new Shape(2, 2, 16, 16), new Shape(2, 2, 8, 8), new Shape(2, 2, 4, 4), new Shape(2, 2, 2, 2));
        assertThat(shapes(run("UNet2D", cfg, new Shape(2, 1, 16, 16), false))).containsExactly(new Shape(2, 2, 16, 16));
    }

    @Test
    void unet2dTakesVolumesSliceBySlice() {
        Map<String, Object> cfg = NetTesting.tiny(2, 2, "multiscale_pred", true);
        assertThat(shapes(run("UNet2D", cfg, new Shape(1, 2, 3, 16, 16), true))).containsExactly(
                new Shape(1, 2, 3, 16, 16), new Shape(1, 2, 3, 8, 8), new Shape(1, 2, 3, 4, 4), new Shape(1, 2, 3, 2, 2));
    }

    @Test
    void unet2dWithFourLevels() {
        Shape[] out = run("UNet2D", NetTesting.tiny(1, 2, "feature_chns", List.of(4, 8, 16, 32),
                "dropout", List.of(0.0, 0.0, 0.1, 0.2), "multiscale_pred", true), new Shape(1, 1, 16, 16), true);
        assertThat(shapes(out)).containsExactly(new Shape(1, 2, 16, 16), new Shape(1, 2, 8, 8),
                new Shape(1, 2, 4, 4), new Shape(1, 2, 2, 2));
    }

    @Test
    void unet2d5DownsamplesDepthOnlyAtThreeDimensionalLevels() {
        Map<String, Object> cfg = NetTesting.tiny(1, 2, "multiscale_pred", true);
        // conv_dims [2, 2, 3, 3, 3]: pools (1,2,2), (1,2,2), (2,2,2), (2,2,2)
        assertThat(shapes(run("UNet2D5", cfg, new Shape(1, 1, 8, 16, 16), true))).containsExactly(
                new Shape(1, 2, 8, 16, 16), new Shape(1, 2, 8, 8, 8), new Shape(1, 2, 8, 4, 4),
                new Shape(1, 2, 4, 2, 2));
    }

    @Test
    void unet2d5TransConvUpsampling() {
        Shape[] out = run("UNet2D5", NetTesting.tiny(1, 2, "up_mode", 0), new Shape(1, 1, 4, 16, 16), false);
        assertThat(shapes(out)).containsExactly(new Shape(1, 2, 4, 16, 16));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AttentionUNet2D", "NestedUNet2D", "UNet2D_NestedDense"})
    void otherTwoDimensionalNetworks(String type) {
        assertThat(shapes(run(type, NetTesting.tiny(1, 4), new Shape(2, 1, 16, 16), true)))
                .containsExactly(new Shape(2, 4, 16, 16));
        assertThat(shapes(run(type, NetTesting.tiny(1, 4), new Shape(1, 1, 2, 16, 16), false)))
                .containsExactly(new Shape(1, 4, 2, 16, 16));
    }

    @Test
    void instanceNormVariant() {
        Shape[] out = run("UNet3D", NetTesting.tiny(1, 2, "norm", "instance", "feature_chns", List.of(2, 4, 4, 4, 4)),
                new Shape(1, 1, 32, 32, 32), true);
        assertThat(shapes(out)).containsExactly(new Shape(1, 2, 32, 32, 32));
    }

    @Test
    void instanceNormRefusesToTrainOnOneVoxel() {
        // 16^3 leaves 1x1x1 at the bottom of a 5-level 3D U-Net: normalising one voxel passes no gradient
        assertThatThrownBy(() -> run("UNet3D", NetTesting.tiny(1, 2, "norm", "instance", "feature_chns",
                List.of(2, 4, 4, 4, 4)), new Shape(1, 1, 16, 16, 16), true))
                .isInstanceOf(PymicException.class).hasMessageContaining("pools over one voxel")
                .hasMessageContaining("(1, 4, 1, 1, 1)");
        // inference on the same patch is allowed (PyTorch's eval mode allows it too)
        assertThat(run("UNet3D", NetTesting.tiny(1, 2, "norm", "instance", "feature_chns", List.of(2, 4, 4, 4, 4)),
                new Shape(1, 1, 16, 16, 16), false)).containsExactly(new Shape(1, 2, 16, 16, 16));
    }

    @Test
    void outputShapesAreDeclaredWithoutForward() {
        SegNetwork net = Networks.create("UNet2D", NetTesting.tiny(1, 2, "multiscale_pred", true));
        assertThat(net.block().getOutputShapes(new Shape[] {new Shape(2, 1, 16, 16)})).containsExactly(
                new Shape(2, 2, 16, 16), new Shape(2, 2, 8, 8), new Shape(2, 2, 4, 4), new Shape(2, 2, 2, 2));
        assertThat(net.dim()).isEqualTo(2);
        assertThat(net.classNum()).isEqualTo(2);
        assertThat(net.inChannels()).isEqualTo(1);
        assertThat(net.multiscale()).isTrue();
    }

    @Test
    void inputNotDivisibleBySixteenIsADataError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> run("UNet2D", NetTesting.tiny(1, 2), new Shape(2, 1, 16, 20), false))
                .isInstanceOf(org.pymic.core.error.PymicException.class)
                .hasMessageContaining("divisible by 16 along axis 3");
    }
}
