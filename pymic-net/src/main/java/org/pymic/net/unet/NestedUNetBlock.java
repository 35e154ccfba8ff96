package org.pymic.net.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pymic.core.error.PymicException;
import org.pymic.net.layer.Interp;
import org.pymic.net.layer.Layers;
import org.pymic.net.layer.Layout;
import org.pymic.net.layer.NetBlock;
import org.pymic.net.layer.NormKind;
import org.pymic.net.layer.Shapes;

/**
 * UNet++ (Zhou et al., "UNet++: A Nested U-Net Architecture for Medical Image Segmentation",
 * DLMIA 2018) as PyMIC's NestedUNet2D: nodes X(i,j) on 5 levels i with
 * X(i,0) = Conv(pool(X(i-1,0))) and X(i,j) = Conv([X(i,0), ..., X(i,j-1), Up(X(i+1,j-1))]),
 * Up = bilinear x2 with align_corners (no convolution), Conv = PyMIC's conv block (dropout only
 * in the backbone column j = 0), and a final 1x1 convolution on X(0,4). Accepts (N, C, D, H, W)
 * input slice by slice like the other 2D networks.
 */
public final class NestedUNetBlock extends NetBlock {
    private static final int LEVELS = 5;
    private final int classNum;
    private final Block[][] nodes = new Block[LEVELS][LEVELS];
    private final Block pool;
    private final Block upsample;
    private final Block finalConv;
    private final Layout layout;

    public NestedUNetBlock(int inChannels, int classNum, int[] f, double[] dropout, NormKind norm) {
        this(inChannels, classNum, f, dropout, norm, Layout.CHANNELS_LAST);
    }

    /** @param layout memory order of the activations ({@link Layout}) */
    public NestedUNetBlock(int inChannels, int classNum, int[] f, double[] dropout, NormKind norm, Layout layout) {
        if (f.length != LEVELS || dropout.length != LEVELS) {
            throw PymicException.config("network NestedUNet2D: 'feature_chns' and 'dropout' need 5 values each");
        }
        this.classNum = classNum;
        this.layout = layout;
        Level level = Level.full(2);
        pool = child("pool", Layers.maxPool(level.scale()));
        upsample = child("up", Layers.upsample(level.scale(), Interp.LINEAR, true, layout));
        for (int j = 0; j < LEVELS; j++) {
            for (int i = 0; i + j < LEVELS; i++) {
                int in = j == 0 ? (i == 0 ? inChannels : f[i - 1]) : f[i] * j + f[i + 1];
                double p = j == 0 ? dropout[i] : 0.0;
                nodes[i][j] = child("conv" + i + "_" + j, ConvBlocks.convBlock(in, f[i], p, level, norm,
                        Act.LEAKY_RELU));
            }
        }
        finalConv = child("final", Layers.conv(2, f[0], classNum, 1));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        boolean fold = x.getShape().dimension() == 5;
        long n = x.getShape().get(0);
        long depth = fold ? x.getShape().get(2) : 1;
        if (fold) {
            x = SliceFold.fold(x);
        }
        SliceFold.checkDivisible("NestedUNet2D", x, sizeMultiple());
        x = layout.apply(x);
        NDArray[][] v = new NDArray[LEVELS][LEVELS];
        for (int i = 0; i < LEVELS; i++) {
            NDArray in = i == 0 ? x : apply(pool, ps, v[i - 1][0], training);
            v[i][0] = apply(nodes[i][0], ps, in, training);
            // new column entries that X(i,0) makes computable: X(i-j, j) for j = 1..i
            for (int j = 1; j <= i; j++) {
                int r = i - j;
                NDList cat = new NDList();
                for (int k = 0; k < j; k++) {
                    cat.add(v[r][k]);
                }
                cat.add(apply(upsample, ps, v[r + 1][j - 1], training));
                v[r][j] = apply(nodes[r][j], ps, NDArrays.concat(cat, 1), training);
            }
        }
        NDList out = new NDList(Layout.standard(apply(finalConv, ps, v[0][LEVELS - 1], training)));
        return fold ? SliceFold.unfold(out, n, depth) : out;
    }

    private static NDArray apply(Block b, ParameterStore ps, NDArray x, boolean training) {
        return b.forward(ps, new NDList(x), training).head();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {Shapes.withChannels(inputShapes[0], classNum)};
    }

    /** Four 2 x 2 poolings. */
    @Override
    public int[] sizeMultiple() {
        return new int[] {16, 16};
    }
}
