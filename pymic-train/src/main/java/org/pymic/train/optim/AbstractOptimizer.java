package org.pymic.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.pymic.core.error.PymicException;

/**
 * Element-wise optimisers: the subclass updates each parameter's values and slots in Java (SGD:
 * arithmetic in double, values and state stored as float32), then the gradient is zeroed. Values and
 * gradients are read and written in place through direct views of the engine's memory
 * ({@link ParamViews}), so no per-step copies; large parameters are split into chunks updated in
 * parallel. Each element's update depends only on that element, so results do not depend on the
 * chunking. A subclass may instead update float32 parameters with the engine's own kernels
 * ({@link #engineUpdate}; Adam does, and has no Java loop); its state then lives in engine arrays and
 * is copied into the Java buffers by {@link #state()}. Either way a resumed run repeats an
 * uninterrupted one bit for bit.
 */
public abstract class AbstractOptimizer implements Optimizer {
    private final List<Slots> states = new ArrayList<>();

    /** Mutable state of one parameter. */
    protected static final class Slots {
        final String name;
        long steps;
        final Map<String, float[]> buffers = new LinkedHashMap<>();
        /** State held by the engine instead of {@link #buffers} (see {@link #engineUpdate}); copied out by state(). */
        final Map<String, NDArray> engineBuffers = new LinkedHashMap<>();

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

        /**
         * The named state as an engine array shaped like {@code like}, attached to {@code like}'s manager;
         * created on first use from the Java buffer of that name (after a resume) or as zeros.
         */
        public NDArray engineBuffer(String key, NDArray like) {
            NDArray a = engineBuffers.get(key);
            if (a == null) {
                a = like.getManager().zeros(like.getShape(), like.getDataType());
                float[] saved = buffers.remove(key);
                if (saved != null) {
                    if (saved.length != like.size()) {
                        throw PymicException.input("optimizer state of parameter '" + name + "' has " + saved.length
                                + " values in '" + key + "', the parameter has " + like.size());
                    }
                    a.set(FloatBuffer.wrap(saved));
                }
                engineBuffers.put(key, a);
            }
            return a;
        }

        /** Copies engine-held state into {@link #buffers}, for checkpoints. */
        void syncFromEngine() {
            engineBuffers.forEach((k, a) -> buffers.put(k, a.toFloatArray()));
        }
    }

    /** True when this optimiser updates float32 engine parameters with {@link #engineUpdate}. */
    protected boolean hasEngineUpdate() {
        return false;
    }

    /**
     * Updates one parameter with the engine's own kernels instead of the Java loop, and zeroes its
     * gradient. {@code s.steps()} already counts this update. Called only when {@link #hasEngineUpdate}.
     */
    protected void engineUpdate(NDArray array, NDArray gradient, Slots s, double lr) {
        throw new UnsupportedOperationException(name() + " has no engine update");
    }

    /** Elements per parallel chunk; parameters smaller than two chunks are updated on the calling thread. */
    static final int CHUNK = 1 << 14;

    /** Update of the elements {@code [from, to)} of one parameter; called concurrently on disjoint ranges. */
    @FunctionalInterface
    protected interface RangeUpdate {
        void apply(FloatBuffer w, FloatBuffer g, int from, int to);
    }

    /**
     * Prepares the update of one parameter of {@code n} values: looks up (creates) its state buffers
     * and per-step constants on the calling thread and returns the element-wise update.
     *
     * Optimisers with an engine update ({@link #hasEngineUpdate}) need not implement it.
     *
     * @param s the parameter's state; {@code s.steps()} already counts this update
     * @param n number of values of the parameter
     * @param lr learning rate
     */
    protected RangeUpdate prepare(Slots s, int n, double lr) {
        throw new UnsupportedOperationException(name() + " updates float32 engine parameters only, got another kind");
    }

    @Override
    public void step(List<Parameter> params, double lr) {
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            NDArray array = p.getArray();
            if (updatedOnEngine(array, i, p.getName(), lr)) {
                continue;
            }
            try (ParamViews v = ParamViews.open(array)) {
                if (v == null) {
                    continue;
                }
                Slots s = slots(i, p.getName());
                s.steps++;
                int n = v.size();
                RangeUpdate u = prepare(s, n, lr);
                if (n < 2 * CHUNK) {
                    u.apply(v.values(), v.gradient(), 0, n);
                } else {
                    FloatBuffer w = v.values();
                    FloatBuffer g = v.gradient();
                    IntStream.range(0, (n + CHUNK - 1) / CHUNK).parallel()
                            .forEach(c -> u.apply(w, g, c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
                }
            }
            Gradients.zero(array);
        }
    }

    /** Whether the parameter was handled by the engine update (a parameter without gradient is skipped). */
    private boolean updatedOnEngine(NDArray array, int index, String name, double lr) {
        if (!hasEngineUpdate() || !(array instanceof PtNDArray pt) || array.getDataType() != DataType.FLOAT32
                || !array.hasGradient()) {
            return false;
        }
        PtNDArray grad = JniUtils.getGradient(pt);
        if (grad == null) {
            return true; // no gradient this step: nothing to update, as in the Java path
        }
        try {
            Slots s = slots(index, name);
            s.steps++;
            engineUpdate(array, grad, s, lr);
            return true;
        } finally {
            grad.close();
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
    public List<NDArray> engineState() {
        List<NDArray> out = new ArrayList<>();
        for (Slots s : states) {
            if (s != null) {
                out.addAll(s.engineBuffers.values());
            }
        }
        return out;
    }

    @Override
    public OptimizerState state() {
        List<OptimizerState.ParamState> out = new ArrayList<>();
        for (Slots s : states) {
            if (s != null) {
                s.syncFromEngine();
            }
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
