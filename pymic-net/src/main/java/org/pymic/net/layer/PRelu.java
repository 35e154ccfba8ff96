package org.pymic.net.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * Parametric ReLU with one learnable slope shared by all channels, as PyTorch's {@code nn.PReLU()}
 * (He et al., 2015): y = relu(x) + a * (x - relu(x)), a initialised to 0.25.
 *
 * <p>Built from the engine's relu, not from {@code maximum(0)}/{@code minimum(0)}: DJL wraps such a
 * constant in a tensor over a Java buffer that it frees at once, while the autograd graph still reads
 * it in the backward pass (garbage gradients after a garbage collection).
 */
public final class PRelu extends NetBlock {
    private final Parameter alpha;

    public PRelu() {
        alpha = addParameter(Parameter.builder().setName("alpha").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1)).optInitializer(new ConstantInitializer(0.25f)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray a = ps.getValue(alpha, x.getDevice(), training);
        NDArray positive = Activation.relu(x);
        return new NDList(positive.add(x.sub(positive).mul(a)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
