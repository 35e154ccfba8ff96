package org.pymic.net.unet;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pymic.net.layer.NetBlock;
import org.pymic.net.layer.NormKind;

/**
 * A forward pass closes its intermediates as soon as nothing reads them ({@link NetBlock#release}): the
 * arrays left open in the manager are few, and outputs and gradients are bit for bit those of a forward
 * pass that keeps every intermediate until its manager closes.
 */
class ReleasedIntermediatesTest {
    private static final int[] FEATURES = {4, 8, 16, 32, 64};
    private static final double[] DROPOUT = {0, 0, 0.2, 0.3, 0.5};

    @AfterEach
    void restore() {
        NetBlock.setReleaseIntermediates(true);
    }

    private static UNetConfig.Builder unet2d() {
        return UNetConfig.builder().name("UNet2D").rank(2).channels(2, 3).features(FEATURES).dropout(DROPOUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "attention", "multiscale", "slices", "unet3d", "mcnet", "nested"})
    void outputsAndGradientsDoNotChange(String variant) {
        Shape in = switch (variant) {
            case "slices" -> new Shape(1, 2, 3, 16, 16);
            case "unet3d" -> new Shape(2, 2, 16, 16, 16);
            default -> new Shape(2, 2, 16, 16);
        };
        Supplier<Block> make = () -> switch (variant) {
            case "attention" -> new UNetBlock(unet2d().optAttention(true).build());
            case "multiscale" -> new UNetBlock(unet2d().optMultiscale(true).build());
            case "unet3d" -> new UNetBlock(UNetConfig.builder().name("UNet3D").rank(3).channels(2, 3)
                    .features(FEATURES).dropout(DROPOUT).build());
            case "mcnet" -> {
                UNetConfig c = unet2d().optUpMode(UpMode.TRANSCONV).build();
                yield new BranchedUNetBlock(List.of(c, c.withUpMode(UpMode.NEAREST), c.withUpMode(UpMode.LINEAR)),
                        BranchedUNetBlock.AVERAGE);
            }
            case "nested" -> new NestedUNetBlock(2, 3, FEATURES, DROPOUT, NormKind.BATCH,
                    org.pymic.net.layer.Layout.CHANNELS_LAST);
            default -> new UNetBlock(unet2d().build());
        };
        NetBlock.setReleaseIntermediates(false);
        Run kept = run(make.get(), in);
        NetBlock.setReleaseIntermediates(true);
        Run released = run(make.get(), in);
        assertThat(released.outputs).hasSameSizeAs(kept.outputs);
        for (int i = 0; i < kept.outputs.size(); i++) {
            assertThat(released.outputs.get(i)).as("output %d", i).containsExactly(kept.outputs.get(i));
        }
        assertThat(released.grads).hasSameSizeAs(kept.grads).isNotEmpty();
        for (int i = 0; i < kept.grads.size(); i++) {
            assertThat(released.grads.get(i)).as("gradient of parameter %d", i).containsExactly(kept.grads.get(i));
        }
    }

    /**
     * Evaluation of a UNet2D: the input, the five encoder features (the decoder's skips), the eight
     * interpolation matrices of the four up-samplings (made from Java memory, so they stay with the
     * manager) and the output in its two layouts stay open, 21 arrays; keeping everything leaves well
     * over a hundred (each convolution block alone makes six).
     */
    @Test
    void evaluationLeavesFewArraysOpen() {
        NetBlock.setReleaseIntermediates(false);
        int kept = openAfterEvaluation();
        NetBlock.setReleaseIntermediates(true);
        int released = openAfterEvaluation();
        assertThat(kept).isGreaterThan(100);
        assertThat(released).isLessThanOrEqualTo(24);
    }

    private static int openAfterEvaluation() {
        Block block = new UNetBlock(unet2d().build());
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 2, 32, 32);
            block.initialize(m, DataType.FLOAT32, in);
            try (NDManager sub = m.newSubManager()) {
                NDList y = block.forward(new ParameterStore(sub, false), new NDList(input(sub, in)), false);
                assertThat(y.head().getShape()).isEqualTo(new Shape(2, 3, 32, 32));
                return (int) sub.getManagedArrays().stream().filter(a -> !a.isReleased()).count();
            }
        }
    }

    private record Run(List<float[]> outputs, List<float[]> grads) {
    }

    private static NDArray input(NDManager m, Shape s) {
        Random r = new Random(3);
        float[] v = new float[(int) s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return m.create(v, s);
    }

    /** Training-mode forward (dropout seeded), a weighted sum of every output, backward. */
    private static Run run(Block block, Shape inShape) {
        List<float[]> out = new ArrayList<>();
        List<float[]> grads = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            block.initialize(m, DataType.FLOAT32, inShape);
            NDArray x = input(m, inShape);
            Engine.getInstance().setRandomSeed(5);
            try (NDManager step = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList y = block.forward(new ParameterStore(step, false), new NDList(x), true);
                NDArray loss = null;
                for (NDArray o : y) {
                    out.add(o.toFloatArray());
                    NDArray w = step.arange((float) o.getShape().size()).reshape(o.getShape()).mul(1e-3f).sin();
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
