package org.pymic.net.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.pymic.net.layer.Layers;
import org.pymic.net.layer.NetBlock;
import org.pymic.net.layer.Sequence;
import org.pymic.net.layer.Shapes;

/**
 * The encoder of PyMIC's U-Net (its {@code Encoder} class): level 0 is a conv block
 * ({@code in_conv}); level i &gt; 0 is max pooling by the factors of level i-1 then a conv block
 * ({@code down}i). Input: one array in the activations' layout ({@link UNetInput}); output: the
 * feature of every level, finest first, which a {@link UNetDecoder} joins back up. Several decoders
 * may share one encoder (dual-branch networks, MCNet, CCT).
 */
public final class UNetEncoder extends NetBlock {
    private final UNetConfig cfg;
    private final Levels levels;

    public UNetEncoder(UNetConfig cfg) {
        this.cfg = cfg;
        levels = new Levels(cfg, this::child);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(levels.forward(ps, inputs.head(), training, params));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        int n = cfg.features.length;
        Shape[] out = new Shape[n];
        Shape cur = inputShapes[0];
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                cur = Shapes.scaleSpatial(cur, cfg.levels[i - 1].scale(), false);
            }
            out[i] = Shapes.withChannels(cur, cfg.features[i]);
        }
        return out;
    }

    /** The encoder's blocks, registered on whichever block owns them (a U-Net keeps them at its top level). */
    static final class Levels {
        private final List<Block> blocks = new ArrayList<>();

        Levels(UNetConfig cfg, ChildSink sink) {
            int[] f = cfg.features;
            blocks.add(sink.add("in_conv", ConvBlocks.convBlock(cfg.inChannels, f[0], cfg.encoderDropout[0],
                    cfg.levels[0], cfg.norm, cfg.act)));
            for (int i = 1; i < f.length; i++) {
                Sequence down = new Sequence()
                        .add("pool", Layers.maxPool(cfg.levels[i - 1].scale()))
                        .add("conv", ConvBlocks.convBlock(f[i - 1], f[i], cfg.encoderDropout[i], cfg.levels[i],
                                cfg.norm, cfg.act));
                blocks.add(sink.add("down" + i, down));
            }
        }

        /** The feature of every level, finest first. */
        NDArray[] forward(ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
            NDArray[] out = new NDArray[blocks.size()];
            NDList h = new NDList(x);
            for (int i = 0; i < out.length; i++) {
                h = blocks.get(i).forward(ps, h, training, params);
                out[i] = h.head();
            }
            return out;
        }
    }
}
