package org.pymic.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/** Autograd gradient against central finite differences, in float64. */
final class GradCheck {
    private GradCheck() {
    }

    static void check(NDArray x, Function<NDArray, NDArray> f, double tol) {
        NDArray v = x.duplicate();
        v.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(f.apply(v));
        }
        double[] grad = v.getGradient().toDoubleArray();
        double[] base = x.toDoubleArray();
        double h = 1e-6;
        for (int i = 0; i < base.length; i++) {
            double[] plus = base.clone();
            double[] minus = base.clone();
            plus[i] += h;
            minus[i] -= h;
            double fp = f.apply(x.getManager().create(plus, x.getShape())).getDouble();
            double fm = f.apply(x.getManager().create(minus, x.getShape())).getDouble();
            assertThat(grad[i]).as("d/dx[%d]", i).isCloseTo((fp - fm) / (2 * h), within(tol));
        }
        assertThat(java.util.Arrays.stream(grad).map(Math::abs).sum()).as("some gradient").isGreaterThan(1e-6);
    }
}
