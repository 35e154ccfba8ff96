package org.pymic.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * In-place, chunked optimiser updates: a parameter larger than two chunks (updated in parallel) must get
 * PyTorch's formula element by element, and the in-place view must be refused for non-contiguous arrays.
 */
class ChunkedUpdateTest {
    private static final int N = 3 * AbstractOptimizer.CHUNK + 123;
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static float[] seeded(long seed, double scale) {
        Random r = new Random(seed);
        float[] v = new float[N];
        for (int i = 0; i < N; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }

    private Parameter param(float[] w) {
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT)
                .optArray(manager.create(w)).build();
        p.getArray().setRequiresGradient(true);
        return p;
    }

    private void backward(Parameter p, float[] c) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray w = p.getArray();
            gc.backward(w.mul(manager.create(c)).sum());
        }
    }

    @Test
    void adamTwoStepsOnLargeParameterMatchFormulaEverywhere() {
        float[] w0 = seeded(1, 1);
        float[] g1 = seeded(2, 0.1);
        float[] g2 = seeded(3, 0.1);
        Parameter p = param(w0);
        Adam adam = Adam.builder().optWeightDecay(1e-5).build();
        backward(p, g1);
        adam.step(List.of(p), 1e-3);
        backward(p, g2);
        adam.step(List.of(p), 1e-3);
        float[] got = p.getArray().toFloatArray();
        double b1 = 0.9;
        double b2 = 0.999;
        for (int i = 0; i < N; i += 997) {
            double w = w0[i];
            double m = 0;
            double v = 0;
            float[][] gs = {g1, g2};
            for (int t = 1; t <= 2; t++) {
                double g = gs[t - 1][i] + 1e-5 * w;
                m = b1 * m + (1 - b1) * g;
                v = b2 * v + (1 - b2) * g * g;
                w = w - (1e-3 / (1 - Math.pow(b1, t))) * m / (Math.sqrt(v) / Math.sqrt(1 - Math.pow(b2, t)) + 1e-8);
            }
            assertThat((double) got[i]).as("element %d", i).isCloseTo(w, within(1e-6));
        }
        assertThat(p.getArray().getGradient().abs().sum().getFloat()).isZero();
    }

    @Test
    void sgdMomentumOnLargeParameterMatchesFormulaAtChunkEdges() {
        float[] w0 = seeded(4, 1);
        float[] g1 = seeded(5, 1);
        float[] g2 = seeded(6, 1);
        Parameter p = param(w0);
        Sgd sgd = Sgd.builder().optMomentum(0.9).build();
        backward(p, g1);
        sgd.step(List.of(p), 0.1);
        backward(p, g2);
        sgd.step(List.of(p), 0.1);
        float[] got = p.getArray().toFloatArray();
        int c = AbstractOptimizer.CHUNK;
        for (int i : new int[] {0, c - 1, c, 2 * c - 1, 2 * c, 3 * c, N - 1}) {
            // b1 = g1, w1 = w0 - lr g1; b2 = 0.9 g1 + g2, w2 = w1 - lr b2
            double w = w0[i] - 0.1 * g1[i] - 0.1 * (0.9 * g1[i] + g2[i]);
            assertThat((double) got[i]).as("element %d", i).isCloseTo(w, within(1e-5));
        }
    }

    @Test
    void viewWritesThroughForContiguousArrayOnly() {
        NDArray a = manager.create(new float[] {1, 2, 3, 4, 5, 6}).reshape(2, 3);
        FloatBuffer v = ParamViews.view(a);
        assertThat(v).isNotNull();
        v.put(4, 42f);
        assertThat(a.toFloatArray()).containsExactly(1, 2, 3, 4, 42, 6);
        assertThat(ParamViews.view(a.transpose())).isNull();
    }
}
