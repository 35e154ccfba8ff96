package org.pymic.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Optimisers against PyTorch's update formulas on a two-element parameter. The loss of step t is
 * {@code sum(c_t * w)}, so the gradient is exactly {@code c_t} whatever w is.
 */
class OptimizerTest {
    private static final double[][] GRADS = {{0.5, -1.0}, {0.2, 0.3}, {-0.4, 0.1}, {0.05, -0.2}};
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Parameter param(String name, float... values) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optArray(manager.create(values)).build();
        p.getArray().setRequiresGradient(true);
        return p;
    }

    private static void backward(Parameter p, double[] c) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray w = p.getArray();
            gc.backward(w.mul(w.getManager().create(new float[] {(float) c[0], (float) c[1]})).sum());
        }
    }

    private static float[] run(Optimizer opt, Parameter p, int from, int to, double lr) {
        for (int t = from; t < to; t++) {
            backward(p, GRADS[t]);
            opt.step(List.of(p), lr);
        }
        return p.getArray().toFloatArray();
    }

    @Test
    void sgdNesterovFirstStepByHand() {
        Parameter p = param("w", 1f, -2f);
        Sgd sgd = Sgd.builder().optMomentum(0.9).optWeightDecay(0.01).optNesterov(true).build();
        run(sgd, p, 0, 1, 0.1);
        // d = g + wd*w = 0.5 + 0.01 = 0.51; b = d; nesterov: d + 0.9 b = 1.9 * 0.51 = 0.969; w = 1 - 0.0969
        // second element: d = -1 - 0.02 = -1.02; 1.9 * -1.02 = -1.938; w = -2 + 0.1938
        assertThat(p.getArray().toFloatArray()).containsExactly(new float[] {0.9031f, -1.8062f}, within(1e-6f));
    }

    /** PyTorch's SGD written out in double, the reference for three steps. */
    private static double[] sgdReference(double[] w, double lr, double mu, double wd, boolean nesterov, int steps) {
        double[] b = new double[w.length];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < w.length; i++) {
                double d = GRADS[t][i] + wd * w[i];
                b[i] = t == 0 ? d : mu * b[i] + d;
                d = nesterov ? d + mu * b[i] : b[i];
                w[i] -= lr * d;
            }
        }
        return w;
    }

    @Test
    void sgdThreeStepsWithAndWithoutNesterov() {
        for (boolean nesterov : new boolean[] {true, false}) {
            Parameter p = param("w", 1f, -2f);
            Sgd sgd = Sgd.builder().optMomentum(0.9).optWeightDecay(0.01).optNesterov(nesterov).build();
            float[] got = run(sgd, p, 0, 3, 0.1);
            double[] ref = sgdReference(new double[] {1, -2}, 0.1, 0.9, 0.01, nesterov, 3);
            assertThat(got[0]).isCloseTo((float) ref[0], within(1e-6f));
            assertThat(got[1]).isCloseTo((float) ref[1], within(1e-6f));
        }
        // plain SGD without momentum: w = 1 - 0.1 * (0.5 + 0.2 - 0.4) = 0.97
        Parameter p = param("w", 1f, -2f);
        assertThat(run(Sgd.builder().build(), p, 0, 3, 0.1)[0]).isCloseTo(0.97f, within(1e-6f));
    }

    @Test
    void adamFirstStepIsSignStep() {
        Parameter p = param("w", 1f, -2f);
        run(Adam.builder().build(), p, 0, 1, 0.1);
        // m_hat = g, v_hat = g^2: w = w - lr * g / (|g| + 1e-8)
        assertThat(p.getArray().toFloatArray()).containsExactly(new float[] {0.9f, -1.9f}, within(1e-6f));
    }

    @Test
    void adamTwoStepsByHand() {
        Parameter p = param("w", 1f, -2f);
        run(Adam.builder().build(), p, 0, 2, 0.1);
        // element 0: g1 = 0.5, g2 = 0.2; m2 = 0.9*0.05 + 0.1*0.2 = 0.065; v2 = 0.999*0.00025 + 0.001*0.04 = 0.00028975
        double m = 0.065;
        double v = 0.00028975;
        double w = 0.9 - (0.1 / (1 - 0.81)) * m / (Math.sqrt(v) / Math.sqrt(1 - 0.998001) + 1e-8);
        assertThat((double) p.getArray().toFloatArray()[0]).isCloseTo(w, within(2e-6));
    }

    @Test
    void adamL2AndAdamWDecoupledDecayDiffer() {
        Parameter a = param("w", 1f, -2f);
        run(Adam.builder().optWeightDecay(0.1).build(), a, 0, 1, 0.1);
        // Adam: g = 0.5 + 0.1 = 0.6, still a sign step: 0.9
        assertThat(a.getArray().toFloatArray()[0]).isCloseTo(0.9f, within(1e-6f));
        Parameter b = param("w", 1f, -2f);
        run(Adam.adamW().optWeightDecay(0.1).build(), b, 0, 1, 0.1);
        // AdamW: w = 1 * (1 - 0.1 * 0.1) - 0.1 = 0.89; -2 * 0.99 + 0.1 = -1.88
        assertThat(b.getArray().toFloatArray()).containsExactly(new float[] {0.89f, -1.88f}, within(1e-6f));
    }

    @Test
    void gradientsAreZeroedAndDoNotAccumulate() {
        Parameter p = param("w", 1f, -2f);
        Sgd sgd = Sgd.builder().build();
        backward(p, GRADS[0]);
        sgd.step(List.of(p), 0.1);
        assertThat(Gradients.values(p.getArray())).containsExactly(0f, 0f);
        backward(p, GRADS[1]);
        assertThat(Gradients.values(p.getArray())).containsExactly(0.2f, 0.3f);
    }

    @Test
    void parameterWithoutGradientIsSkipped() {
        Parameter used = param("a", 1f, -2f);
        Parameter unused = param("b", 3f, 4f);
        Adam adam = Adam.builder().build();
        backward(used, GRADS[0]);
        adam.step(List.of(used, unused), 0.1);
        assertThat(unused.getArray().toFloatArray()).containsExactly(3f, 4f);
        // no state for the skipped parameter; the used one counts one step
        assertThat(adam.state().params()).hasSize(1);
        assertThat(adam.state().params().get(0).steps()).isEqualTo(1);
        assertThat(adam.state().params().get(0).name()).isEqualTo("a");
    }

    @Test
    void resumeFromSavedStateIsBitExact() {
        List<java.util.function.Supplier<Optimizer>> makers = List.of(
                () -> Adam.builder().optWeightDecay(0.01).build(),
                () -> Adam.adamW().build(),
                () -> Sgd.builder().optMomentum(0.9).optWeightDecay(1e-3).optNesterov(true).build());
        for (var make : makers) {
            Parameter straight = param("w", 1f, -2f);
            float[] expected = run(make.get(), straight, 0, 4, 0.05);

            Parameter resumed = param("w", 1f, -2f);
            Optimizer first = make.get();
            run(first, resumed, 0, 2, 0.05);
            byte[] blob = first.state().toBytes();
            Optimizer second = make.get();
            second.load(OptimizerState.fromBytes(blob));
            float[] got = run(second, resumed, 2, 4, 0.05);
            assertThat(got).as(first.name()).containsExactly(expected);
            assertThat(expected).isNotEqualTo(new float[] {1f, -2f});
        }
    }

    @Test
    void loadRefusesStateOfAnotherOptimizer() {
        OptimizerState s = new OptimizerState("SGD", List.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Adam.builder().build().load(s))
                .isInstanceOf(org.pymic.core.error.PymicException.class).hasMessageContaining("SGD");
    }
}
