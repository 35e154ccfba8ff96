package org.pymic.net;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each decoder of a multi-decoder network is a UNet2D decoder on the shared encoder: with a UNet2D's
 * weights copied into the encoder and one decoder, that decoder's head is the UNet2D's output, bit
 * for bit. Evaluation picks or averages the branches as {@code output_mode} says, and a loss on one
 * head trains that head's decoder and no other.
 */
class MultiDecoderEquivalenceTest {
    private static final List<Integer> NO_DROPOUT = List.of(0, 0, 0, 0, 0);
    private static final Shape IN = new Shape(2, 1, 16, 16);

    /** Parameters by their name inside {@code child} (e.g. "decoder1"), without the child indices DJL adds. */
    private static Map<String, Parameter> inside(SegNetwork net, String child) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        String prefix = "^\\d\\d" + child + "_";
        net.namedParameters().forEach((name, p) -> {
            if (name.matches(prefix + ".*")) {
                out.put(name.replaceFirst(prefix, "").replaceFirst("^\\d\\d", ""), p);
            }
        });
        return out;
    }

    /** A UNet2D's parameters by name without the child index: in_conv_..., up1_..., out_conv_... */
    private static Map<String, Parameter> unetParameters(SegNetwork unet) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        unet.namedParameters().forEach((name, p) -> out.put(name.replaceFirst("^\\d\\d", ""), p));
        return out;
    }

    /** Copies the UNet2D's encoder into {@code encoder} and its decoder into {@code decoder} of {@code net}. */
    private static void copyUnet(SegNetwork unet, SegNetwork net, String encoder, String decoder) {
        Map<String, Parameter> src = unetParameters(unet);
        Map<String, Parameter> dst = parts(net, encoder, decoder);
        assertThat(dst.keySet()).containsExactlyInAnyOrderElementsOf(src.keySet());
        dst.forEach((name, p) -> src.get(name).getArray().copyTo(p.getArray()));
    }

    /** Copies {@code encoder} and {@code decoder} of {@code net} into a UNet2D. */
    private static void copyToUnet(SegNetwork net, String encoder, String decoder, SegNetwork unet) {
        Map<String, Parameter> src = parts(net, encoder, decoder);
        Map<String, Parameter> dst = unetParameters(unet);
        assertThat(dst.keySet()).containsExactlyInAnyOrderElementsOf(src.keySet());
        dst.forEach((name, p) -> src.get(name).getArray().copyTo(p.getArray()));
    }

    private static Map<String, Parameter> parts(SegNetwork net, String encoder, String decoder) {
        Map<String, Parameter> m = new LinkedHashMap<>(inside(net, encoder));
        m.putAll(inside(net, decoder));
        return m;
    }

    private static SegNetwork created(String type, NDManager m, Object... keys) {
        Map<String, Object> cfg = NetTesting.tiny(1, 3, "dropout", NO_DROPOUT, "feature_chns", List.of(2, 4, 4, 8, 8));
        for (int i = 0; i < keys.length; i += 2) {
            cfg.put((String) keys[i], keys[i + 1]);
        }
        SegNetwork net = Networks.create(type, cfg);
        net.initialize(m, IN);
        return net;
    }

    @Test
    void eachDualBranchDecoderIsAUnet2dDecoder() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = NetTesting.input(m, IN, 1);
            SegNetwork unet = created("UNet2D", m);
            SegNetwork first = created("UNet2D_DualBranch", m, "output_mode", "first");
            SegNetwork second = created("UNet2D_DualBranch", m, "output_mode", "second");
            copyUnet(unet, first, "encoder", "decoder1");
            copyUnet(unet, second, "encoder", "decoder2");
            float[] train = unet.forward(x, true).main().toFloatArray(); // also moves the running statistics
            assertThat(first.forward(x, true).main().toFloatArray()).containsExactly(train);
            assertThat(second.forward(x, true).get("branch2").toFloatArray()).containsExactly(train);
            float[] eval = unet.forward(x, false).main().toFloatArray();
            assertThat(first.forward(x, false).main().toFloatArray()).containsExactly(eval);
            assertThat(second.forward(x, false).main().toFloatArray()).containsExactly(eval);
            assertThat(first.forward(x, false).main().toFloatArray()).isNotEqualTo(
                    first.forward(x, true).get("branch2").toFloatArray());
        }
    }

    @Test
    void averageModeEvaluatesTheMeanOfBothBranches() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = NetTesting.input(m, IN, 2);
            SegNetwork avg = created("UNet2D_DualBranch", m);
            SegNetwork first = created("UNet2D_DualBranch", m, "output_mode", "first");
            SegNetwork second = created("UNet2D_DualBranch", m, "output_mode", "second");
            avg.forward(x, true);
            for (SegNetwork other : List.of(first, second)) {
                avg.namedParameters().forEach((n, p) -> p.getArray().copyTo(other.namedParameters().get(n).getArray()));
            }
            float[] a = first.forward(x, false).main().toFloatArray();
            float[] b = second.forward(x, false).main().toFloatArray();
            float[] mean = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                mean[i] = (a[i] + b[i]) / 2f;
            }
            assertThat(a).isNotEqualTo(b);
            assertThat(avg.forward(x, false).main().toFloatArray()).containsExactly(mean);
        }
    }

    @Test
    void mcnetDecodersUpSampleByTransposedConvolutionNearestAndBilinear() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = NetTesting.input(m, IN, 3);
            SegNetwork mcnet = created("MCNet2D", m);
            String[] heads = {"main", "branch2", "branch3"};
            float[][] expected = new float[3][];
            for (int k = 0; k < 3; k++) {
                SegNetwork unet = created("UNet2D", m, "up_mode", k);
                copyToUnet(mcnet, "encoder", "decoder" + (k + 1), unet);
                expected[k] = unet.forward(x, true).main().toFloatArray();
            }
            NetOutput out = mcnet.forward(x, true);
            for (int k = 0; k < 3; k++) {
                assertThat(out.get(heads[k]).toFloatArray()).as(heads[k]).containsExactly(expected[k]);
            }
        }
    }

    @Test
    void cctDropOutDecoderSeesTheEncoderFeaturesUnperturbed() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = NetTesting.input(m, IN, 4);
            SegNetwork cct = created("UNet2D_CCT", m, "cct_aux_decoders", List.of("DropOut", "FeatureDrop"));
            Map<String, Parameter> main = inside(cct, "decoder");
            for (String aux : List.of("aux_decoder1", "aux_decoder2")) {
                inside(cct, aux).forEach((n, p) -> main.get(n).getArray().copyTo(p.getArray()));
            }
            NetOutput out = cct.forward(x, true);
            float[] mainOut = out.main().toFloatArray();
            assertThat(out.get("aux1").toFloatArray()).containsExactly(mainOut);
            assertThat(out.get("aux2").toFloatArray()).isNotEqualTo(mainOut);
        }
    }

    /** Sum of |gradient| per top-level child (encoder, decoder1, ...) after a loss on {@code head} alone. */
    private static Map<String, Double> gradientPerChild(SegNetwork net, NDArray x, String head, List<String> children) {
        for (Parameter p : net.parameters()) {
            NDArray g = p.getArray().getGradient();
            g.subi(g);
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = net.forward(x, true).get(head);
            NDArray w = x.getManager().arange((float) y.getShape().size()).reshape(y.getShape()).mul(1e-2f).sin();
            gc.backward(y.mul(w).sum());
        }
        Map<String, Double> out = new LinkedHashMap<>();
        net.namedParameters().forEach((name, p) -> {
            if (p.requiresGradient()) {
                String child = children.stream().filter(c -> name.substring(2).startsWith(c + "_")).findFirst()
                        .orElseThrow(() -> new AssertionError("parameter of no known child: " + name));
                out.merge(child, (double) p.getArray().getGradient().abs().sum().getFloat(), Double::sum);
            }
        });
        return out;
    }

    @Test
    void aLossOnOneBranchTrainsTheEncoderAndThatBranchOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = NetTesting.input(m, IN, 5);
            SegNetwork mcnet = created("MCNet2D", m);
            String[] heads = {"main", "branch2", "branch3"};
            List<String> children = List.of("encoder", "decoder1", "decoder2", "decoder3");
            for (int k = 0; k < 3; k++) {
                Map<String, Double> g = gradientPerChild(mcnet, x, heads[k], children);
                assertThat(g.keySet()).containsExactlyElementsOf(children);
                assertThat(g.get("encoder")).as(heads[k]).isPositive();
                for (int j = 0; j < 3; j++) {
                    double v = g.get("decoder" + (j + 1));
                    if (j == k) {
                        assertThat(v).as("decoder %d from %s", j + 1, heads[k]).isPositive();
                    } else {
                        assertThat(v).as("decoder %d from %s", j + 1, heads[k]).isZero();
                    }
                }
            }
        }
    }

    @Test
    void aLossOnOneAuxiliaryHeadTrainsThatDecoderOnlyEvenThroughVat() {
        Engine.getInstance().setRandomSeed(9);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = NetTesting.input(m, IN, 6);
            SegNetwork cct = created("UNet2D_CCT", m, "vat_xi", 0.5);
            List<String> decoders = List.of("decoder", "aux_decoder1", "aux_decoder2", "aux_decoder3", "aux_decoder4");
            List<String> heads = List.of("main", "aux1", "aux2", "aux3", "aux4");
            List<String> children = List.of("encoder", "decoder", "aux_decoder1", "aux_decoder2", "aux_decoder3",
                    "aux_decoder4");
            for (int k = 0; k < heads.size(); k++) {
                Map<String, Double> g = gradientPerChild(cct, x, heads.get(k), children);
                assertThat(g.keySet()).containsExactlyElementsOf(children);
                assertThat(g.get("encoder")).as(heads.get(k)).isPositive();
                for (int j = 0; j < decoders.size(); j++) {
                    double v = g.get(decoders.get(j));
                    if (j == k) {
                        assertThat(v).as("%s from %s", decoders.get(j), heads.get(k)).isPositive();
                    } else {
                        // in particular VAT's inner gradient never adds to its decoder's parameters
                        assertThat(v).as("%s from %s", decoders.get(j), heads.get(k)).isZero();
                    }
                }
            }
        }
    }
}
