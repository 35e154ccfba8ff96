package org.pymic.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pymic.core.error.PymicException;

/**
 * Element-wise optimisers: copies each parameter and its gradient to Java arrays, lets the subclass
 * update values and slots (arithmetic in double, values and state stored as float32), writes the
 * values back and zeroes the gradient. Deterministic and independent of the engine's kernels, so a
 * resumed run repeats an uninterrupted one bit for bit.
 */
public abstract class AbstractOptimizer implements Optimizer {
    private final List<Slots> states = new ArrayList<>();

    /** Mutable state of one parameter. */
    protected static final class Slots {
        final String name;
        long steps;
        final Map<String, float[]> buffers = new LinkedHashMap<>();

        Slots(String name) {
            this.name = name;
        }

        /** Step count after the current update (1 on the first update). */
        public long steps() {
            return steps;
        }

        /** The named buffer, created as zeros of size {@code n} on first use. */
        public float[] buffer(String key, int n) {
            float[] b = buffers.computeIfAbsent(key, k -> new float[n]);
            if (b.length != n) {
                throw PymicException.input("optimizer state of parameter '" + name + "' has " + b.length
                        + " values in '" + key + "', the parameter has " + n);
            }
            return b;
        }

        public boolean has(String key) {
            return buffers.containsKey(key);
        }
    }

    /**
     * Updates {@code w} in place from gradient {@code g}.
     *
     * @param w parameter values
     * @param g gradient (may be modified)
     * @param s the parameter's state; {@code s.steps()} already counts this update
     * @param lr learning rate
     */
    protected abstract void update(float[] w, float[] g, Slots s, double lr);

    @Override
    public void step(List<Parameter> params, double lr) {
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            NDArray array = p.getArray();
            float[] g = Gradients.values(array);
            if (g == null) {
                continue;
            }
            Slots s = slots(i, p.getName());
            float[] w = array.toFloatArray();
            s.steps++;
            update(w, g, s, lr);
            array.set(w);
            Gradients.zero(array);
        }
    }

    private Slots slots(int index, String name) {
        while (states.size() <= index) {
            states.add(null);
        }
        Slots s = states.get(index);
        if (s == null) {
            s = new Slots(name);
            states.set(index, s);
        } else if (!s.name.equals(name)) {
            throw new IllegalStateException(name() + ": parameter " + index + " is '" + name + "' but was '" + s.name
                    + "'; pass parameters in the same order on every step");
        }
        return s;
    }

    @Override
    public OptimizerState state() {
        List<OptimizerState.ParamState> out = new ArrayList<>();
        for (Slots s : states) {
            out.add(s == null ? new OptimizerState.ParamState("", 0, Map.of())
                    : new OptimizerState.ParamState(s.name, s.steps, s.buffers));
        }
        return new OptimizerState(name(), out);
    }

    @Override
    public void load(OptimizerState state) {
        if (!state.optimizer().equalsIgnoreCase(name())) {
            throw PymicException.input("optimizer state was saved by " + state.optimizer() + ", cannot load into "
                    + name());
        }
        states.clear();
        for (OptimizerState.ParamState p : state.params()) {
            if (p.name().isEmpty() && p.slots().isEmpty() && p.steps() == 0) {
                states.add(null);
                continue;
            }
            Slots s = new Slots(p.name());
            s.steps = p.steps();
            p.slots().forEach((k, v) -> s.buffers.put(k, v.clone()));
            states.add(s);
        }
    }
}
