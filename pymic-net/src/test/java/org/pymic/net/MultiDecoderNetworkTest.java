package org.pymic.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.Registry;

/**
 * The multi-decoder networks declare their heads per mode and return them with the input's
 * spatial shape: dual-branch (main + branch2), MCNet2D (main + branch2 + branch3), CCT (main +
 * aux1..auxK); evaluation returns the main logits alone. 2D networks take 5D input slice by slice.
 */
class MultiDecoderNetworkTest {
    /** Channels small enough for fast tests of the slice-wise and 3D networks. */
    private static final List<Integer> SMALL = List.of(2, 4, 4, 8, 8);

    /** Names, kinds and shapes of a forward's heads (read while the arrays are open). */
    private static List<Object[]> heads(String type, Map<String, Object> values, Shape in, boolean training) {
        SegNetwork net = Networks.create(type, values);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, in);
            NetOutput out = net.forward(NetTesting.input(m, in, 5), training);
            assertThat(out.heads()).extracting(NetOutput.Head::name)
                    .containsExactlyElementsOf(net.heads(training).stream().map(HeadSpec::name).toList());
            return out.heads().stream().map(h -> new Object[] {h.name(), h.kind(), h.array().getShape()}).toList();
        }
    }

    private static Object[] head(String name, HeadKind kind, Shape s) {
        return new Object[] {name, kind, s};
    }

    @ParameterizedTest
    @ValueSource(strings = {"average", "first", "second"})
    void dualBranch2dTrainsBothBranchesAndEvaluatesOne(String mode) {
        Map<String, Object> cfg = NetTesting.tiny(1, 3, "output_mode", mode);
        Shape in = new Shape(2, 1, 16, 16);
        Shape out = new Shape(2, 3, 16, 16);
        assertThat(heads("UNet2D_DualBranch", cfg, in, true)).containsExactly(head("main", HeadKind.MAIN, out),
                head("branch2", HeadKind.BRANCH, out));
        assertThat(heads("UNet2D_DualBranch", cfg, in, false)).containsExactly(head("main", HeadKind.MAIN, out));
    }

    @Test
    void twoDimensionalMultiDecoderNetworksTakeVolumesSliceBySlice() {
        Shape in = new Shape(1, 2, 3, 16, 16);
        Shape out = new Shape(1, 4, 3, 16, 16);
        Map<String, Object> cfg = NetTesting.tiny(2, 4, "feature_chns", SMALL);
        assertThat(heads("UNet2D_DualBranch", cfg, in, true)).containsExactly(head("main", HeadKind.MAIN, out),
                head("branch2", HeadKind.BRANCH, out));
        assertThat(heads("MCNet2D", cfg, in, true)).containsExactly(head("main", HeadKind.MAIN, out),
                head("branch2", HeadKind.BRANCH, out), head("branch3", HeadKind.BRANCH, out));
        assertThat(heads("UNet2D_CCT", cfg, in, true)).containsExactly(head("main", HeadKind.MAIN, out),
                head("aux1", HeadKind.AUX, out), head("aux2", HeadKind.AUX, out), head("aux3", HeadKind.AUX, out),
                head("aux4", HeadKind.AUX, out));
        for (String type : List.of("UNet2D_DualBranch", "MCNet2D", "UNet2D_CCT", "CCTNet")) {
            assertThat(heads(type, cfg, in, false)).as(type).containsExactly(head("main", HeadKind.MAIN, out));
        }
    }

    @Test
    void dualBranch3dOnVolumes() {
        Map<String, Object> cfg = NetTesting.tiny(1, 2, "feature_chns", SMALL, "up_mode", 0);
        Shape in = new Shape(2, 1, 16, 16, 16);
        Shape out = new Shape(2, 2, 16, 16, 16);
        assertThat(heads("UNet3D_DualBranch", cfg, in, true)).containsExactly(head("main", HeadKind.MAIN, out),
                head("branch2", HeadKind.BRANCH, out));
        assertThat(heads("UNet3D_DualBranch", cfg, in, false)).containsExactly(head("main", HeadKind.MAIN, out));
        assertThat(Networks.create("UNet3D_DualBranch", cfg).dim()).isEqualTo(3);
    }

    @Test
    void mcnet2dTrainsThreeDecodersAndEvaluatesTheFirst() {
        Shape in = new Shape(2, 1, 16, 16);
        Shape out = new Shape(2, 2, 16, 16);
        assertThat(heads("MCNet2D", NetTesting.tiny(1, 2), in, true)).containsExactly(head("main", HeadKind.MAIN, out),
                head("branch2", HeadKind.BRANCH, out), head("branch3", HeadKind.BRANCH, out));
        assertThat(heads("MCNet2D", NetTesting.tiny(1, 2), in, false)).containsExactly(head("main", HeadKind.MAIN, out));
    }

    @Test
    void cctHasOneAuxiliaryHeadPerListedDecoder() {
        Shape in = new Shape(2, 1, 16, 16);
        Shape out = new Shape(2, 2, 16, 16);
        Map<String, Object> cfg = NetTesting.tiny(1, 2, "cct_aux_decoders", List.of("FeatureNoise", "VAT"));
        assertThat(heads("UNet2D_CCT", cfg, in, true)).containsExactly(head("main", HeadKind.MAIN, out),
                head("aux1", HeadKind.AUX, out), head("aux2", HeadKind.AUX, out));
        assertThat(heads("UNet2D_CCT", cfg, in, false)).containsExactly(head("main", HeadKind.MAIN, out));
    }

    @Test
    void cctNetInThreeDimensions() {
        Map<String, Object> cfg = NetTesting.tiny(1, 2, "dimension", 3, "feature_chns", SMALL);
        Shape in = new Shape(2, 1, 16, 16, 16);
        Shape out = new Shape(2, 2, 16, 16, 16);
        assertThat(heads("CCTNet", cfg, in, true)).extracting(h -> h[0], h -> h[2]).containsExactly(
                tuple("main", out), tuple("aux1", out), tuple("aux2", out), tuple("aux3", out), tuple("aux4", out));
        assertThat(Networks.create("CCTNet", cfg).dim()).isEqualTo(3);
        assertThat(Networks.create("CCTNet", NetTesting.tiny(1, 2)).dim()).isEqualTo(2);
    }

    @Test
    void registeredUnderPymicNamesWithPymicDefaults() {
        Registry r = Registry.global();
        assertThat(r.names(ComponentKind.NETWORK, true)).contains("UNet2D_DualBranch", "UNet3D_DualBranch",
                "MCNet2D", "UNet2D_CCT", "CCTNet");
        var cct = r.require(ComponentKind.NETWORK, "unet2d_cct");
        assertThat(cct.param("cct_aux_decoders").orElseThrow().defaultValue())
                .isEqualTo(List.of("DropOut", "FeatureDrop", "FeatureNoise", "VAT"));
        assertThat(cct.param("Uniform_range").orElseThrow().defaultValue()).isEqualTo(0.3);
        assertThat(cct.param("VAT_it").orElseThrow().defaultValue()).isEqualTo(2);
        assertThat(cct.param("VAT_xi").orElseThrow().defaultValue()).isEqualTo(1e-6);
        assertThat(cct.param("VAT_eps").orElseThrow().defaultValue()).isEqualTo(2.0);
        var dual = r.require(ComponentKind.NETWORK, "UNet2D_DualBranch");
        assertThat(dual.param("output_mode").orElseThrow().defaultValue()).isEqualTo("average");
        assertThat(dual.param("up_mode").orElseThrow().defaultValue()).isEqualTo(2);
        assertThat(r.require(ComponentKind.NETWORK, "MCNet2D").param("up_mode")).isEmpty();
        // DBNet and TDNet are other networks (perturbed branches, dilations), not aliases: still refused by name
        assertThat(r.find(ComponentKind.NETWORK, "DBNet").orElseThrow().implemented()).isFalse();
        assertThat(r.find(ComponentKind.NETWORK, "TDNet").orElseThrow().implemented()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNet2D_DualBranch", "UNet3D_DualBranch", "MCNet2D", "UNet2D_CCT", "CCTNet"})
    void multiscalePredictionIsRefusedByName(String type) {
        assertThatThrownBy(() -> Networks.create(type, NetTesting.tiny(1, 2, "multiscale_pred", true)))
                .isInstanceOf(PymicException.class).hasMessageContaining(type).hasMessageContaining("'multiscale_pred'")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.NOT_IMPLEMENTED));
    }

    @Test
    void badValuesAreConfigErrorsNamingTheKeyAndValue() {
        assertThatThrownBy(() -> Networks.create("UNet2D_DualBranch", NetTesting.tiny(1, 2, "output_mode", "mean")))
                .isInstanceOf(PymicException.class).hasMessageContaining("'output_mode' = 'mean'")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
        assertThatThrownBy(() -> Networks.create("UNet2D_CCT",
                NetTesting.tiny(1, 2, "cct_aux_decoders", List.of("DropOut", "Cutout"))))
                .isInstanceOf(PymicException.class).hasMessageContaining("'CCT_aux_decoders'")
                .hasMessageContaining("'Cutout'")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
        assertThatThrownBy(() -> Networks.create("UNet2D_CCT", NetTesting.tiny(1, 2, "vat_it", -1)))
                .isInstanceOf(PymicException.class).hasMessageContaining("'VAT_it' = -1");
        assertThatThrownBy(() -> Networks.create("UNet2D_CCT", NetTesting.tiny(1, 2, "uniform_range", -0.1)))
                .isInstanceOf(PymicException.class).hasMessageContaining("'Uniform_range' = -0.1");
    }

    private static long conv(long in, long out, long kernelVolume) {
        return in * out * kernelVolume + out;
    }

    /** PyMIC ConvBlock: conv3 + BN + LeakyReLU + dropout + conv3 + BN + LeakyReLU. */
    private static long block(long in, long out) {
        return conv(in, out, 9) + 2 * out + conv(out, out, 9) + 2 * out;
    }

    /**
     * Learned parameters as PyTorch counts them for PyMIC's classes (features [4, 8, 16, 32, 64], one
     * input channel, two classes): one Encoder, and per Decoder four UpBlocks (1x1 conv or
     * ConvTranspose2d(k=2), then a ConvBlock) and the 1x1 out_conv.
     */
    @Test
    void parameterCountsAreAnEncoderPlusEachDecoder() {
        int[] f = {4, 8, 16, 32, 64};
        long enc = block(1, 4);
        long interp = conv(4, 2, 1);
        long trans = conv(4, 2, 1);
        for (int i = 1; i < 5; i++) {
            enc += block(f[i - 1], f[i]);
            interp += conv(f[i], f[i - 1], 1) + block(2L * f[i - 1], f[i - 1]);
            trans += (long) f[i] * f[i - 1] * 4 + f[i - 1] + block(2L * f[i - 1], f[i - 1]);
        }
        assertThat(enc + interp).isEqualTo(114234); // UNet2D (ParameterCountTest)
        assertThat(count("UNet2D_DualBranch")).isEqualTo(enc + 2 * interp);
        assertThat(count("MCNet2D")).isEqualTo(enc + trans + 2 * interp);
        assertThat(count("UNet2D_CCT")).isEqualTo(enc + 5 * interp);
    }

    private static long count(String type) {
        SegNetwork net = Networks.create(type, NetTesting.tiny(1, 2));
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, new Shape(1, 1, 32, 32));
            return net.parameterCount();
        }
    }

    @Test
    void pymicExampleKeysBuild() {
        // seg_nll/JSRT/config/unet_dast.cfg: the old key bilinear = False means transposed convolution
        SegNetwork dast = Networks.create("UNet2D_DualBranch", NetTesting.tiny(1, 2, "bilinear", false,
                "output_mode", "first"));
        // seg_ssl/ACDC/config/unet2d_cct.cfg gives VAT_eps as an int
        SegNetwork cct = Networks.create("UNet2D_CCT", NetTesting.tiny(1, 4, "vat_it", 2, "vat_xi", 1e-6, "vat_eps", 2,
                "uniform_range", 0.3, "bilinear", true));
        assertThat(dast.heads(true)).hasSize(2);
        assertThat(cct.heads(true)).hasSize(5);
    }
}
