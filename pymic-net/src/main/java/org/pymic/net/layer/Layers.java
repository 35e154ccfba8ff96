package org.pymic.net.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;

/**
 * Dimension-agnostic layer factories (in the manner of MONAI's {@code Conv[Conv.CONV, dim]}): the
 * same network code builds 2D and 3D layers, and anisotropic kernels ({@code 1x3x3}) for the
 * in-plane levels of 2.5D networks.
 */
public final class Layers {
    private Layers() {
    }

    /** An isotropic {@code dim}-D convolution with "same" padding and bias. */
    public static ConvNd conv(int dim, int in, int out, int kernel) {
        return new ConvNd(in, out, isotropic(dim, kernel), true);
    }

    /** A convolution with the given kernel per spatial axis, "same" padding and bias. */
    public static ConvNd conv(int[] kernel, int in, int out) {
        return new ConvNd(in, out, kernel, true);
    }

    /** A normalisation over {@code normAxes} trailing axes (instance) or batch and spatial axes (batch). */
    public static Block norm(NormKind kind, int channels, int normAxes) {
        return kind == NormKind.BATCH ? new BatchNormNd(channels) : new InstanceNormNd(channels, normAxes);
    }

    /** Max pooling with kernel = stride = {@code factors} over the trailing axes (2 or 3 of them). */
    public static Block maxPool(int[] factors) {
        long[] f = new long[factors.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = factors[i];
        }
        Shape k = new Shape(f);
        Shape pad = Shapes.repeat(f.length, 0);
        return new OpBlock("MaxPool" + k, (x, t) -> f.length == 2 ? Pool.maxPool2d(x, k, k, pad, false)
                : Pool.maxPool3d(x, k, k, pad, false), s -> Shapes.scaleSpatial(s, factors, false));
    }

    /** Up-sampling by interpolation ({@code nn.Upsample}). */
    public static Block upsample(int[] factors, Interp mode, boolean alignCorners, Layout layout) {
        return new UpsampleNd(factors, mode, alignCorners, layout);
    }

    /** Learned up-sampling equal to a kernel = stride transposed convolution. */
    public static Block transposedUp(int in, int out, int[] factors, Layout layout) {
        return new DepthToSpaceUp(in, out, factors, layout);
    }

    /** Leaky ReLU with slope 0.01 for negative inputs (PyTorch's default). */
    public static Block leakyRelu() {
        return new OpBlock("LeakyReLU", (x, t) -> Activation.leakyRelu(x, 0.01f), s -> s);
    }

    /** ReLU. */
    public static Block relu() {
        return new OpBlock("ReLU", (x, t) -> Activation.relu(x), s -> s);
    }

    /** Sigmoid. */
    public static Block sigmoid() {
        return new OpBlock("Sigmoid", (x, t) -> Activation.sigmoid(x), s -> s);
    }

    /** PReLU with a single learnable slope. */
    public static Block prelu() {
        return new PRelu();
    }

    /** Element-wise dropout with probability {@code p}, active only in training; identity when p = 0. */
    public static Block dropout(double p) {
        float rate = (float) p;
        return new OpBlock("Dropout(" + p + ")", (x, t) -> dropoutOp(x, rate, t), s -> s);
    }

    private static NDArray dropoutOp(NDArray x, float rate, boolean training) {
        if (rate <= 0f || !training) {
            return x;
        }
        return x.getNDArrayInternal().dropout(x, rate, true).singletonOrThrow();
    }

    /** {@code n} copies of {@code k}. */
    public static int[] isotropic(int n, int k) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, k);
        return a;
    }
}
