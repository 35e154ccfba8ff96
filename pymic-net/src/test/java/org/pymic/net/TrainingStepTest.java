package org.pymic.net;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gradients reach every parameter, and plain SGD on one fixed image lowers a cross-entropy loss. */
class TrainingStepTest {

    /** Mean cross-entropy of logits (N, K, ...) against a one-hot target of the same shape. */
    private static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    /** Two classes: the foreground is a bright square in the image. */
    private static NDArray[] squareImage(NDManager m, int batch, int size) {
        float[] img = new float[batch * size * size];
        float[] lab = new float[batch * 2 * size * size];
        for (int n = 0; n < batch; n++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean fg = y >= size / 4 && y < 3 * size / 4 && x >= size / 4 && x < size / 2 + n * 2;
                    img[(n * size + y) * size + x] = fg ? 1f : 0f;
                    lab[((n * 2 + (fg ? 1 : 0)) * size + y) * size + x] = 1f;
                }
            }
        }
        NDArray noise = NetTesting.input(m, new Shape(batch, 1, size, size), 3).mul(0.1f);
        return new NDArray[] {m.create(img, new Shape(batch, 1, size, size)).add(noise),
            m.create(lab, new Shape(batch, 2, size, size))};
    }

    private static float step(SegNetwork net, NDArray x, NDArray y, float lr, List<Parameter> zeroGrad) {
        float value;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList out = net.forward(x, true).toList();
            NDArray loss = crossEntropy(out.get(0), y);
            for (int i = 1; i < out.size(); i++) {
                loss = loss.add(out.get(i).square().mean().mul(0.1f)); // touches the auxiliary heads
            }
            gc.backward(loss);
            value = loss.getFloat();
        }
        for (Parameter p : net.parameters()) {
            NDArray g = p.getArray().getGradient();
            if (zeroGrad != null && g.abs().sum().getFloat() == 0f) {
                zeroGrad.add(p);
            }
            p.getArray().subi(g.mul(lr));
            g.subi(g);
        }
        return value;
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNet2D", "AttentionUNet2D", "NestedUNet2D"})
    void everyParameterOfTwoDimensionalNetworksGetsAGradient(String type) {
        Map<String, Object> cfg = NetTesting.tiny(1, 2, "multiscale_pred", type.equals("UNet2D"));
        assertEveryParameterLearns(cfg, type, new Shape(2, 1, 16, 16));
    }

    @Test
    void everyParameterOfUnet3dWithTransConvGetsAGradient() {
        assertEveryParameterLearns(NetTesting.tiny(1, 2, "feature_chns", List.of(2, 4, 4, 4, 4), "up_mode", 0,
                "multiscale_pred", true), "UNet3D", new Shape(2, 1, 16, 16, 16));
    }

    @Test
    void everyParameterOfUnet2d5GetsAGradient() {
        assertEveryParameterLearns(NetTesting.tiny(1, 2, "norm", "instance"), "UNet2D5", new Shape(1, 1, 8, 16, 16));
    }

    private static void assertEveryParameterLearns(Map<String, Object> cfg, String type, Shape in) {
        SegNetwork net = Networks.create(type, cfg);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, in);
            NDArray x = NetTesting.input(m, in, 11);
            long[] d = in.getShape().clone();
            d[1] = 2;
            NDArray y = NetTesting.input(m, new Shape(d), 12).softmax(1);
            List<Parameter> zero = new ArrayList<>();
            step(net, x, y, 0.01f, zero);
            // The bias of a convolution followed by batch or instance normalisation has a true gradient of
            // exactly 0 (the normalisation subtracts each channel's mean); rounding usually leaves some
            // noise, but an exact 0 is right. Every other parameter must get a gradient.
            List<String> unexpected = new ArrayList<>();
            for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
                boolean beforeNorm = e.getKey().matches(".*conv[12]_bias");
                if (zero.contains(e.getValue()) && !beforeNorm) {
                    unexpected.add(e.getKey());
                }
            }
            assertThat(unexpected).isEmpty();
            assertThat(net.parameters()).isNotEmpty();
        }
    }

    @Test
    void sgdStepsOnOneImageReduceTheLoss() {
        Engine.getInstance().setRandomSeed(5);
        SegNetwork net = Networks.create("UNet2D", NetTesting.tiny(1, 2, "dropout", List.of(0, 0, 0, 0, 0)));
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, new Shape(2, 1, 16, 16));
            NDArray[] data = squareImage(m, 2, 16);
            float first = step(net, data[0], data[1], 0.1f, null);
            float last = first;
            for (int i = 0; i < 7; i++) {
                last = step(net, data[0], data[1], 0.1f, null);
            }
            assertThat(last).isLessThan(first * 0.8f);
        }
    }
}
