package org.pymic.net.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * Batch normalisation over axis 1 with a known channel count, as PyTorch's BatchNorm2d/3d:
 * y = (x - mean) / sqrt(var + eps) * gamma + beta, eps = 1e-5, with running statistics updated as
 * r = 0.9 r + 0.1 batch (PyTorch momentum 0.1). Running mean and variance are parameters that
 * need no gradient, so they are saved with the weights.
 */
public final class BatchNormNd extends NetBlock {
    private static final float EPS = 1e-5f;
    private static final float MOMENTUM = 0.9f;
    private final int channels;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    public BatchNormNd(int channels) {
        this.channels = channels;
        Shape s = new Shape(channels);
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).optShape(s)
                .optInitializer(new ConstantInitializer(1f)).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).optShape(s)
                .optInitializer(new ConstantInitializer(0f)).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optShape(s).optRequiresGrad(false).optInitializer(new ConstantInitializer(0f)).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optShape(s).optRequiresGrad(false).optInitializer(new ConstantInitializer(1f)).build());
    }

    public int channels() {
        return channels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        var dev = x.getDevice();
        return BatchNorm.batchNorm(x, ps.getValue(runningMean, dev, training), ps.getValue(runningVar, dev, training),
                ps.getValue(gamma, dev, training), ps.getValue(beta, dev, training), 1, MOMENTUM, EPS, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
