package org.pymic.net.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * Learned up-sampling equal to a transposed convolution with kernel = stride = f (PyTorch's
 * {@code ConvTranspose2d/3d(in, out, kernel_size=2, stride=2)}), which the engine lacks. A 1x1
 * convolution without bias makes out * prod(f) channels, a depth-to-space reshape moves them to
 * the f sub-positions, and one bias per output channel is added:
 * y[n, o, h*f0+i, w*f1+j] = sum_c x[n, c, h, w] * K[o*f0*f1 + i*f1 + j, c] + b[o].
 * The transposed-conv weight T[c, o, i, j] is K[o*f0*f1 + i*f1 + j, c]; the parameter count
 * in*out*prod(f) + out is the transposed convolution's. Initialisation as PyTorch's
 * ConvTranspose: U(-b, b), b = 1/sqrt(out * prod(f)).
 */
public final class DepthToSpaceUp extends NetBlock {
    private final int inChannels;
    private final int outChannels;
    private final int[] factors;
    private final Layout layout;
    private final Parameter weight;
    private final Parameter bias;

    public DepthToSpaceUp(int inChannels, int outChannels, int[] factors) {
        this(inChannels, outChannels, factors, Layout.STANDARD);
    }

    /** @param layout memory order of the input, kept in the output */
    public DepthToSpaceUp(int inChannels, int outChannels, int[] factors, Layout layout) {
        this.layout = layout;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.factors = factors.clone();
        int p = Shapes.product(factors);
        long[] wShape = new long[2 + factors.length];
        java.util.Arrays.fill(wShape, 1);
        wShape[0] = (long) outChannels * p;
        wShape[1] = inChannels;
        float bound = (float) (1.0 / Math.sqrt((double) outChannels * p));
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(wShape)).optInitializer(new UniformInitializer(bound)).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(outChannels)).optInitializer(new UniformInitializer(bound)).build());
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        int r = factors.length;
        int[] ones = new int[r];
        java.util.Arrays.fill(ones, 1);
        NDArray y = ConvNd.convolve(x, w, null, ones);
        long[] d = x.getShape().getShape().clone();
        if (layout == Layout.CHANNELS_LAST) {
            return new NDList(depthToSpaceChannelsLast(y, d).add(b.reshape(biasShape(r))));
        }
        long n = d[0];
        // (N, O, f0..f(r-1), s0..s(r-1)) -> (N, O, s0, f0, s1, f1, ...) -> (N, O, s0*f0, ...)
        long[] split = new long[2 + 2 * r];
        split[0] = n;
        split[1] = outChannels;
        int[] perm = new int[2 + 2 * r];
        perm[0] = 0;
        perm[1] = 1;
        long[] out = new long[2 + r];
        out[0] = n;
        out[1] = outChannels;
        for (int i = 0; i < r; i++) {
            split[2 + i] = factors[i];
            split[2 + r + i] = d[2 + i];
            perm[2 + 2 * i] = 2 + r + i;
            perm[3 + 2 * i] = 2 + i;
            out[2 + i] = d[2 + i] * factors[i];
        }
        y = y.reshape(new Shape(split)).transpose(perm).reshape(new Shape(out));
        return new NDList(y.add(b.reshape(biasShape(r))));
    }

    private Shape biasShape(int r) {
        long[] s = new long[2 + r];
        java.util.Arrays.fill(s, 1);
        s[1] = outChannels;
        return new Shape(s);
    }

    /**
     * The same rearrangement over the channels-last memory order: (N, s0.., O, f0..) to
     * (N, s0, f0, s1, f1, .., O), one copy, and the result is channels-last.
     */
    private NDArray depthToSpaceChannelsLast(NDArray y, long[] d) {
        int r = factors.length;
        long[] split = new long[2 + 2 * r];
        int[] perm = new int[2 + 2 * r];
        long[] mem = new long[2 + r];
        split[0] = d[0];
        mem[0] = d[0];
        for (int i = 0; i < r; i++) {
            split[1 + i] = d[2 + i];
            split[2 + r + i] = factors[i];
            perm[1 + 2 * i] = 1 + i;
            perm[2 + 2 * i] = 2 + r + i;
            mem[1 + i] = d[2 + i] * factors[i];
        }
        split[1 + r] = outChannels;
        perm[1 + 2 * r] = 1 + r;
        mem[1 + r] = outChannels;
        NDArray m = y.transpose(Layout.toMemoryOrder(2 + r)).reshape(new Shape(split)).transpose(perm);
        return m.reshape(new Shape(mem)).transpose(Layout.fromMemoryOrder(2 + r));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {Shapes.withChannels(Shapes.scaleSpatial(inputShapes[0], factors, true), outChannels)};
    }
}
