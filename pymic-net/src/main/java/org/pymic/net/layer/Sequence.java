package org.pymic.net.layer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/** Children applied one after the other; built with {@link #add}. */
public final class Sequence extends NetBlock {

    /** Appends a child named by its position and {@code name}. */
    public Sequence add(String name, Block block) {
        child(name, block);
        return this;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList x = inputs;
        for (Pair<String, Block> c : getChildren()) {
            NDList next = c.getValue().forward(ps, x, training, params);
            if (x != inputs) {
                release(x, next, inputs);
            }
            x = next;
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = inputShapes;
        for (Pair<String, Block> c : getChildren()) {
            s = c.getValue().getOutputShapes(s);
        }
        return s;
    }
}
