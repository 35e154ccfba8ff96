package org.pymic.net.unet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pymic.net.cct.AuxDecoderType;
import org.pymic.net.cct.CctBlock;
import org.pymic.net.cct.VirtualAdversarial;
import org.pymic.net.layer.Layout;
import org.pymic.net.layer.NormKind;

/**
 * The memory order of a network's activations is a speed choice only: the same parameters give the
 * same outputs and the same gradients in channels-last and standard memory.
 */
class ChannelsLastUNetTest {
    private static final int[] FEATURES = {4, 8, 16, 32, 64};
    private static final double[] NO_DROPOUT = {0, 0, 0, 0, 0};

    private static UNetConfig.Builder unet2d() {
        return UNetConfig.builder().name("UNet2D").rank(2).channels(2, 3).features(FEATURES).dropout(NO_DROPOUT);
    }

    @ParameterizedTest
    @EnumSource(UpMode.class)
    void unet2dWithEveryUpModeAgreesInBothLayouts(UpMode mode) {
        assertLayoutsAgree(l -> new UNetBlock(unet2d().optUpMode(mode).optLayout(l).build()), new Shape(2, 2, 32, 32));
    }

    @ParameterizedTest
    @ValueSource(strings = {"attention", "multiscale", "instance", "prelu", "slices"})
    void unet2dVariantsAgreeInBothLayouts(String variant) {
        Shape in = variant.equals("slices") ? new Shape(1, 2, 3, 32, 32) : new Shape(2, 2, 32, 32);
        assertLayoutsAgree(l -> {
            UNetConfig.Builder b = unet2d().optLayout(l);
            switch (variant) {
                case "attention" -> b.optAttention(true);
                case "multiscale" -> b.optMultiscale(true);
                case "instance" -> b.optNorm(NormKind.INSTANCE);
                case "prelu" -> b.optAct(Act.PRELU);
                default -> { }
            }
            return new UNetBlock(b.build());
        }, in);
    }

    @ParameterizedTest
    @EnumSource(value = UpMode.class, names = {"LINEAR", "TRANSCONV"})
    void unet3dAgreesInBothLayouts(UpMode mode) {
        assertLayoutsAgree(l -> new UNetBlock(UNetConfig.builder().name("UNet3D").rank(3).channels(1, 2)
                .features(FEATURES).dropout(NO_DROPOUT).optUpMode(mode).optLayout(l).build()), new Shape(2, 1, 16, 16, 16));
    }

    @Test
    void unet2d5WithInPlaneLevelsAgreesInBothLayouts() {
        Level[] levels = {Level.inPlane(), Level.inPlane(), Level.full(3), Level.full(3), Level.full(3)};
        assertLayoutsAgree(l -> new UNetBlock(UNetConfig.builder().name("UNet2D5").rank(3).channels(1, 2)
                .features(FEATURES).dropout(NO_DROPOUT).optLevels(levels).optLayout(l).build()), new Shape(1, 1, 8, 32, 32));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dual", "mcnet", "slices"})
    void branchedUnetsAgreeInBothLayouts(String variant) {
        Shape in = variant.equals("slices") ? new Shape(1, 2, 3, 32, 32) : new Shape(2, 2, 32, 32);
        assertLayoutsAgree(l -> {
            UNetConfig cfg = unet2d().optLayout(l).optUpMode(variant.equals("mcnet") ? UpMode.TRANSCONV : UpMode.LINEAR)
                    .build();
            List<UNetConfig> decoders = variant.equals("mcnet")
                    ? List.of(cfg, cfg.withUpMode(UpMode.NEAREST), cfg.withUpMode(UpMode.LINEAR)) : List.of(cfg, cfg);
            return new BranchedUNetBlock(decoders, BranchedUNetBlock.AVERAGE);
        }, in);
    }

    @Test
    void cctWithEveryPerturbationAgreesInBothLayouts() {
        // VAT's xi is large here: at PyMIC's 1e-6 the direction comes from rounding, which the layout changes
        assertLayoutsAgree(l -> new CctBlock(unet2d().optLayout(l).build(), List.of(AuxDecoderType.values()), 0.3,
                new VirtualAdversarial(2, 0.5, 2.0)), new Shape(2, 2, 32, 32));
    }

    @Test
    void nestedUnetAgreesInBothLayouts() {
        assertLayoutsAgree(l -> new NestedUNetBlock(2, 3, FEATURES, NO_DROPOUT, NormKind.BATCH, l), new Shape(2, 2, 32, 32));
    }

    /**
     * Outputs (training mode, with deep-supervision heads) to 2e-5 of their largest value, and every
     * parameter's gradient to 3e-4 of the largest gradient: the bias of a convolution followed by
     * batch normalisation has a true gradient of 0 and gets only rounding noise from long sums, which
     * grows when the engine sums on one thread (OMP_NUM_THREADS=1: 1.05e-4 measured on UNet3D). A layout
     * error shows as a difference of the order of the gradient itself.
     */
    private static void assertLayoutsAgree(Function<Layout, Block> make, Shape inShape) {
        Run std = run(make.apply(Layout.STANDARD), inShape);
        Run cl = run(make.apply(Layout.CHANNELS_LAST), inShape);
        assertThat(cl.outputs).hasSameSizeAs(std.outputs);
        for (int i = 0; i < std.outputs.size(); i++) {
            float[] a = std.outputs.get(i);
            assertThat(cl.outputs.get(i)).as("output %d", i).containsExactly(a, within(2e-5f * maxAbs(a)));
        }
        float g = 0;
        for (float[] a : std.grads) {
            g = Math.max(g, maxAbs(a));
        }
        assertThat(g).isGreaterThan(0f);
        assertThat(cl.grads).hasSameSizeAs(std.grads);
        for (int i = 0; i < std.grads.size(); i++) {
            assertThat(cl.grads.get(i)).as("gradient of parameter %d", i).containsExactly(std.grads.get(i), within(3e-4f * g));
        }
    }

    private static float maxAbs(float[] a) {
        float m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private record Run(List<float[]> outputs, List<float[]> grads) {
    }

    private static Run run(Block block, Shape inShape) {
        List<float[]> out = new ArrayList<>();
        List<float[]> grads = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            block.initialize(m, DataType.FLOAT32, inShape);
            Random r = new Random(3);
            float[] v = new float[(int) inShape.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            NDArray x = m.create(v, inShape);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList y = block.forward(new ParameterStore(m, false), new NDList(x), true);
                NDArray loss = null;
                for (NDArray o : y) {
                    out.add(o.toFloatArray());
                    NDArray w = m.arange((float) o.getShape().size()).reshape(o.getShape()).mul(1e-3f).sin();
                    NDArray t = o.mul(w).sum();
                    loss = loss == null ? t : loss.add(t);
                }
                gc.backward(loss);
            }
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    grads.add(p.getValue().getArray().getGradient().toFloatArray());
                }
            }
        }
        return new Run(out, grads);
    }
}
