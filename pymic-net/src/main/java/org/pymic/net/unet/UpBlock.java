package org.pymic.net.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pymic.net.layer.Layers;
import org.pymic.net.layer.NetBlock;
import org.pymic.net.layer.Shapes;

/**
 * PyMIC's U-Net decoder step. Input NDList(x1, x2): x1 the coarser decoder feature (C1 channels),
 * x2 the skip feature of this level (C2 channels). x1 is up-sampled to C2 channels, either by a
 * 1x1 convolution then interpolation, or by a learned kernel = stride up-sampling (transposed
 * convolution); the result is concatenated after x2 (optionally gated by an
 * {@link AttentionGate}) and passed through a convolution block to {@code out} channels.
 */
public final class UpBlock extends NetBlock {
    private final Block gate;
    private final Block conv1x1;
    private final Block up;
    private final Block conv;
    private final int out;

    public UpBlock(int c1, int c2, int out, double dropout, Level level, UpMode mode, UNetConfig cfg) {
        this.out = out;
        gate = cfg.attention ? child("ag", new AttentionGate(level.rank(), c2, c1, cfg.layout)) : null;
        if (mode == UpMode.TRANSCONV) {
            conv1x1 = null;
            up = child("up", Layers.transposedUp(c1, c2, level.scale(), cfg.layout));
        } else {
            conv1x1 = child("conv1x1", Layers.conv(level.rank(), c1, c2, 1));
            up = child("up", Layers.upsample(level.scale(), mode.interp(), mode != UpMode.NEAREST, cfg.layout));
        }
        conv = child("conv", ConvBlocks.convBlock(2 * c2, out, dropout, level, cfg.norm, cfg.act));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x1 = inputs.get(0);
        NDArray x2 = inputs.get(1);
        if (gate != null) {
            x2 = gate.forward(ps, new NDList(x2, x1), training).head();
        }
        NDList h = new NDList(x1);
        if (conv1x1 != null) {
            h = conv1x1.forward(ps, h, training);
        }
        NDArray x1up = up.forward(ps, h, training).head();
        if (conv1x1 != null) {
            release(h, inputs, new NDList(x1up));
        }
        NDArray cat = x2.concat(x1up, 1);
        release(x1up, inputs);
        if (gate != null) {
            release(x2, inputs);
        }
        NDList out = conv.forward(ps, new NDList(cat), training);
        release(cat, out);
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {Shapes.withChannels(inputShapes[1], out)};
    }
}
