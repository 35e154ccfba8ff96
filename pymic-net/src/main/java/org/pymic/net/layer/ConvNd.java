package org.pymic.net.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * A 2D or 3D convolution with stride 1 and "same" padding ({@code k/2}), with explicit input and
 * output channel counts. The kernel may be anisotropic, e.g. {@code 1x3x3} for an in-plane
 * convolution of a 3D tensor (the 2D layers of the 2.5D U-Net): that equals a 2D convolution applied
 * slice by slice with the same weights.
 *
 * <p>Initialisation as PyTorch's default: weight and bias ~ U(-b, b), b = 1/sqrt(fan_in),
 * fan_in = in_channels * prod(kernel).
 */
public final class ConvNd extends NetBlock {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernel;
    private final Parameter weight;
    private final Parameter bias;

    public ConvNd(int inChannels, int outChannels, int[] kernel, boolean withBias) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel.clone();
        long[] wShape = new long[2 + kernel.length];
        wShape[0] = outChannels;
        wShape[1] = inChannels;
        for (int i = 0; i < kernel.length; i++) {
            wShape[2 + i] = kernel[i];
        }
        float bound = (float) (1.0 / Math.sqrt((double) inChannels * Shapes.product(kernel)));
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(wShape)).optInitializer(new UniformInitializer(bound)).build());
        bias = withBias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(outChannels)).optInitializer(new UniformInitializer(bound)).build()) : null;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int[] kernel() {
        return kernel.clone();
    }

    /** Number of spatial axes (2 or 3). */
    public int spatialRank() {
        return kernel.length;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        return new NDList(convolve(x, w, b, kernel));
    }

    /** Stride-1 convolution with "same" padding for odd kernels ({@code k/2} on each side). */
    public static NDArray convolve(NDArray x, NDArray w, NDArray b, int[] kernel) {
        int r = kernel.length;
        long[] pad = new long[r];
        for (int i = 0; i < r; i++) {
            pad[i] = kernel[i] / 2;
        }
        return x.getNDArrayInternal().convolution(x, w, b, Shapes.repeat(r, 1), new Shape(pad),
                Shapes.repeat(r, 1), 1).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {Shapes.withChannels(inputShapes[0], outChannels)};
    }
}
