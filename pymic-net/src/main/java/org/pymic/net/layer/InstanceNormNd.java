package org.pymic.net.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import org.pymic.core.error.PymicException;

/**
 * Instance normalisation with learnable affine (Ulyanov et al., 2016), composed from mean and
 * variance because the engine has no instance-norm op: for each sample n and channel c,
 * y = (x - mu_nc) / sqrt(sigma2_nc + eps) * gamma_c + beta_c, with mu and the biased variance
 * sigma2 taken over the last {@code normAxes} axes and eps = 1e-5 (PyTorch's InstanceNorm).
 * With {@code normAxes = 2} on a 3D tensor it normalises each slice on its own, as PyTorch's
 * InstanceNorm2d on slices folded into the batch.
 */
public final class InstanceNormNd extends NetBlock {
    private static final float EPS = 1e-5f;
    private final int channels;
    private final int normAxes;
    private final Parameter gamma;
    private final Parameter beta;

    public InstanceNormNd(int channels, int normAxes) {
        this.channels = channels;
        this.normAxes = normAxes;
        Shape s = new Shape(channels);
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).optShape(s)
                .optInitializer(new ConstantInitializer(1f)).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).optShape(s)
                .optInitializer(new ConstantInitializer(0f)).build());
    }

    public int channels() {
        return channels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        int rank = shape.dimension();
        // the engine reduces over one axis only: flatten the normalised axes into the last one
        long[] flat = new long[rank - normAxes + 1];
        for (int i = 0; i < rank - normAxes; i++) {
            flat[i] = shape.get(i);
        }
        flat[flat.length - 1] = -1;
        long pooled = 1;
        for (int i = rank - normAxes; i < rank; i++) {
            pooled *= shape.get(i);
        }
        if (training && pooled < 2) {
            // PyTorch refuses this too: one voxel normalises to beta and passes no gradient back
            throw PymicException.data("instance normalisation of " + shape + " pools over one voxel: the patch is"
                    + " too small for the depth of this network; use a larger patch size");
        }
        NDArray xf = x.reshape(new Shape(flat));
        NDArray mean = xf.mean(new int[] {-1}, true);
        NDArray centred = xf.sub(mean);
        NDArray var = centred.square().mean(new int[] {-1}, true);
        NDArray y = centred.div(var.add(EPS).sqrt()).reshape(shape);
        long[] bShape = new long[rank];
        java.util.Arrays.fill(bShape, 1);
        bShape[1] = channels;
        NDArray g = ps.getValue(gamma, x.getDevice(), training).reshape(new Shape(bShape));
        NDArray b = ps.getValue(beta, x.getDevice(), training).reshape(new Shape(bShape));
        return new NDList(y.mul(g).add(b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
