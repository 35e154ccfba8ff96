package org.pymic.net.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Up-sampling of the trailing spatial axes by integer factors with {@link Resize}: PyTorch's
 * {@code nn.Upsample(scale_factor, mode, align_corners)}. Factors may differ per axis, e.g.
 * (1, 2, 2) for in-plane up-sampling of a 3D tensor.
 */
public final class UpsampleNd extends NetBlock {
    private final int[] factors;
    private final Interp mode;
    private final boolean alignCorners;
    private final Layout layout;

    /** @param layout memory order of the input, kept in the output */
    public UpsampleNd(int[] factors, Interp mode, boolean alignCorners, Layout layout) {
        this.factors = factors.clone();
        this.mode = mode;
        this.alignCorners = alignCorners;
        this.layout = layout;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long[] d = x.getShape().getShape().clone();
        long[] out = new long[factors.length];
        for (int i = 0; i < factors.length; i++) {
            out[i] = d[d.length - factors.length + i] * factors[i];
        }
        return new NDList(Resize.resize(x, out, mode, alignCorners, layout));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {Shapes.scaleSpatial(inputShapes[0], factors, true)};
    }
}
