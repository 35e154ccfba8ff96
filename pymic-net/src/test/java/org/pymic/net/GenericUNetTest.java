package org.pymic.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.Registry;

/**
 * PyMIC's newer generic {@code UNet} and {@code AttentionUNet} ({@code dimension} key): parameter
 * counts are checked against the layer shapes of PyMIC's code, computed by hand (features
 * [4, 8, 16, 32, 64], one input channel, two classes).
 */
class GenericUNetTest {

    private static long conv(long in, long out, long kernelVolume) {
        return in * out * kernelVolume + out;
    }

    /** ConvBlock: conv + BN + LeakyReLU + dropout + conv + BN + LeakyReLU. */
    private static long block(long in, long out, long k) {
        return conv(in, out, k) + 2 * out + conv(out, out, k) + 2 * out;
    }

    /** U-Net with interpolation up-sampling: encoder blocks, 1x1 conv + block per decoder level, 1x1 head. */
    private static long unet(long k) {
        int[] f = {4, 8, 16, 32, 64};
        long n = block(1, 4, k) + conv(4, 2, 1);
        for (int i = 1; i < 5; i++) {
            n += block(f[i - 1], f[i], k) + conv(f[i], f[i - 1], 1) + block(2L * f[i - 1], f[i - 1], k);
        }
        return n;
    }

    private static SegNetwork created(String type, Map<String, Object> values, Shape in, NDManager m) {
        SegNetwork net = Networks.create(type, values);
        net.initialize(m, in);
        return net;
    }

    @Test
    void unetDimensionSelectsTwoOrThreeD() {
        assertThat(unet(9)).isEqualTo(114234);
        try (NDManager m = NDManager.newBaseManager()) {
            SegNetwork two = created("UNet", NetTesting.tiny(1, 2, "dimension", 2), new Shape(1, 1, 32, 32), m);
            assertThat(two.dim()).isEqualTo(2);
            assertThat(two.parameterCount()).isEqualTo(unet(9));
            SegNetwork dflt = created("UNet", NetTesting.tiny(1, 2), new Shape(1, 1, 32, 32), m);
            assertThat(dflt.dim()).isEqualTo(2);
            SegNetwork three = created("UNet", NetTesting.tiny(1, 2, "dimension", 3), new Shape(1, 1, 16, 16, 16), m);
            assertThat(three.dim()).isEqualTo(3);
            assertThat(three.parameterCount()).isEqualTo(unet(27));
        }
    }

    @Test
    void attentionUnetTwoDAddsGates() {
        int[] f = {4, 8, 16, 32, 64};
        long gates = 0;
        for (int i = 0; i < 4; i++) {
            gates += conv(f[i], f[i] / 2, 1) + conv(f[i + 1], f[i] / 2, 1) + conv(f[i] / 2, 1, 1);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            SegNetwork net = created("AttentionUNet", NetTesting.tiny(1, 2, "dimension", 2),
                    new Shape(1, 1, 32, 32), m);
            assertThat(net.dim()).isEqualTo(2);
            assertThat(net.parameterCount()).isEqualTo(unet(9) + gates).isEqualTo(116368);
        }
    }

    @Test
    void threeDAttentionIsRefusedByNameAndBadDimensionIsAConfigError() {
        assertThat(Registry.global().names(ComponentKind.NETWORK, true)).contains("UNet", "AttentionUNet");
        assertThatThrownBy(() -> Networks.create("AttentionUNet", NetTesting.tiny(1, 2, "dimension", 3)))
                .isInstanceOf(PymicException.class).hasMessageContaining("AttentionUNet")
                .hasMessageContaining("'dimension'")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.NOT_IMPLEMENTED));
        assertThatThrownBy(() -> Networks.create("UNet", NetTesting.tiny(1, 2, "dimension", 4)))
                .isInstanceOf(PymicException.class).hasMessageContaining("'dimension'")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
    }
}
