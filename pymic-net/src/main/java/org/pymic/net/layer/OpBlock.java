package org.pymic.net.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.UnaryOperator;

/**
 * A block without parameters that applies one array function (activation, pooling, dropout). The
 * output shape is given by a shape function, so no trial forward is needed.
 */
public final class OpBlock extends NetBlock {
    /** An array function that may behave differently in training (dropout). */
    @FunctionalInterface
    public interface Op {
        NDArray apply(NDArray x, boolean training);
    }

    private final String label;
    private final Op op;
    private final UnaryOperator<Shape> shapeFn;

    public OpBlock(String label, Op op, UnaryOperator<Shape> shapeFn) {
        this.label = label;
        this.op = op;
        this.shapeFn = shapeFn;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(op.apply(inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {shapeFn.apply(inputShapes[0])};
    }

    @Override
    public String toString() {
        return label;
    }
}
