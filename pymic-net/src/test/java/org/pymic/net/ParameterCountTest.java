package org.pymic.net;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Learned-parameter counts equal PyTorch's {@code sum(p.numel() for p in net.parameters())} for
 * PyMIC's networks, from the layer shapes of PyMIC's code: Conv(in, out, k) has in*out*prod(k) + out,
 * ConvTranspose(in, out, 2) in*out*2^d + out, BatchNorm(c) 2c (running statistics are buffers),
 * PReLU() 1. Features [4, 8, 16, 32, 64], one input channel, two classes unless stated.
 */
class ParameterCountTest {

    private static long conv(long in, long out, long kernelVolume) {
        return in * out * kernelVolume + out;
    }

    /** PyMIC ConvBlock: conv3 + BN + LeakyReLU + dropout + conv3 + BN + LeakyReLU. */
    private static long block(long in, long out, long kernelVolume) {
        return conv(in, out, kernelVolume) + 2 * out + conv(out, out, kernelVolume) + 2 * out;
    }

    private static long count(String type, Map<String, Object> values, Shape in) {
        SegNetwork net = Networks.create(type, values);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, in);
            return net.parameterCount();
        }
    }

    @Test
    void unet2dBilinear() {
        // encoder: in_conv(1,4) 204, down1(4,8) 912, down2(8,16) 3552, down3(16,32) 14016, down4(32,64) 55680
        // e.g. down1 = (4*8*9 + 8) + 2*8 + (8*8*9 + 8) + 2*8 = 296 + 16 + 584 + 16 = 912
        // decoder: up1 = conv1x1(64,32) 2080 + block(64,32) 27840; up2 = 528 + 7008; up3 = 136 + 1776;
        // up4 = 36 + 456; out_conv 1x1 (4 -> 2) = 10
        long expected = 204 + 912 + 3552 + 14016 + 55680 + 2080 + 27840 + 528 + 7008 + 136 + 1776 + 36 + 456 + 10;
        assertThat(expected).isEqualTo(114234);
        assertThat(count("UNet2D", NetTesting.tiny(1, 2), new Shape(1, 1, 32, 32))).isEqualTo(expected);
    }

    @Test
    void unet2dTransConvAndMultiscale() {
        int[] f = {4, 8, 16, 32, 64};
        long enc = block(1, 4, 9);
        long dec = 0;
        for (int i = 1; i < 5; i++) {
            enc += block(f[i - 1], f[i], 9);
        }
        for (int i = 0; i < 4; i++) {
            dec += f[i + 1] * f[i] * 4 + f[i] + block(2 * f[i], f[i], 9); // ConvTranspose2d(k=2) + ConvBlock
        }
        long aux = conv(8, 2, 1) + conv(16, 2, 1) + conv(32, 2, 1);
        assertThat(enc + dec + conv(4, 2, 1)).isEqualTo(122394);
        assertThat(count("UNet2D", NetTesting.tiny(1, 2, "up_mode", 0), new Shape(1, 1, 32, 32))).isEqualTo(122394);
        assertThat(count("UNet2D", NetTesting.tiny(1, 2, "bilinear", false, "multiscale_pred", true),
                new Shape(1, 1, 32, 32))).isEqualTo(122394 + aux);
    }

    @Test
    void unet3d() {
        int[] f = {2, 4, 8, 8, 8};
        long n = block(1, 2, 27) + conv(2, 2, 1);
        for (int i = 1; i < 5; i++) {
            n += block(f[i - 1], f[i], 27);
        }
        for (int i = 0; i < 4; i++) {
            n += conv(f[i + 1], f[i], 1) + block(2 * f[i], f[i], 27);
        }
        assertThat(n).isEqualTo(22810);
        assertThat(count("UNet3D", NetTesting.tiny(1, 2, "feature_chns", List.of(2, 4, 8, 8, 8)),
                new Shape(2, 1, 16, 16, 16))).isEqualTo(22810);
    }

    @Test
    void unet2d5() {
        // conv_dims [2, 2, 3, 3, 3]: 2D levels use Conv2d (3x3 = 9), 3D levels Conv3d (27); two PReLUs per block
        int[] f = {4, 8, 16, 32, 64};
        int[] k = {9, 9, 27, 27, 27};
        long n = block(1, 4, 9) + 2 + conv(4, 2, 1);
        for (int i = 1; i < 5; i++) {
            n += block(f[i - 1], f[i], k[i]) + 2;
        }
        for (int i = 0; i < 4; i++) {
            n += conv(f[i + 1], f[i], 1) + block(2 * f[i], f[i], k[i]) + 2;
        }
        assertThat(n).isEqualTo(328524);
        assertThat(count("UNet2D5", NetTesting.tiny(1, 2), new Shape(1, 1, 8, 32, 32))).isEqualTo(328524);
    }

    @Test
    void attentionUnet2dAddsGates() {
        // gate(C_l = f[i], C_h = f[i+1]): F = f[i]/2; conv1_l(f[i], F) + conv1_h(f[i+1], F) + conv2(F, 1)
        int[] f = {4, 8, 16, 32, 64};
        long gates = 0;
        for (int i = 0; i < 4; i++) {
            gates += conv(f[i], f[i] / 2, 1) + conv(f[i + 1], f[i] / 2, 1) + conv(f[i] / 2, 1, 1);
        }
        assertThat(114234 + gates).isEqualTo(116368);
        assertThat(count("AttentionUNet2D", NetTesting.tiny(1, 2), new Shape(1, 1, 32, 32))).isEqualTo(116368);
    }

    @Test
    void nestedUnet2d() {
        // X(i,0) = ConvBlock(f[i-1] or in_chns, f[i]); X(i,j) = ConvBlock(j*f[i] + f[i+1], f[i]); final 1x1
        int[] f = {4, 8, 16, 32, 64};
        long n = conv(4, 2, 1);
        for (int j = 0; j < 5; j++) {
            for (int i = 0; i + j < 5; i++) {
                long in = j == 0 ? (i == 0 ? 1 : f[i - 1]) : (long) f[i] * j + f[i + 1];
                n += block(in, f[i], 9);
            }
        }
        assertThat(n).isEqualTo(144406);
        assertThat(count("NestedUNet2D", NetTesting.tiny(1, 2), new Shape(1, 1, 32, 32))).isEqualTo(144406);
    }

    @Test
    void runningStatisticsAreParametersButNotCounted() {
        SegNetwork net = Networks.create("UNet2D", NetTesting.tiny(1, 2));
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, new Shape(1, 1, 32, 32));
            // 18 batch norms (2 per conv block, 9 blocks), each with runningMean and runningVar
            assertThat(net.namedParameters().size() - net.parameters().size()).isEqualTo(36);
        }
    }
}
