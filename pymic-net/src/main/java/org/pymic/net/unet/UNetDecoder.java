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
import org.pymic.net.layer.Shapes;

/**
 * The decoder of PyMIC's U-Net (its {@code Decoder} class): from the deepest level, {@link UpBlock}s
 * {@code up1..up4} (PyMIC's names; a 4-level network has no {@code up1}) join the encoder's skips, and
 * a 1x1 convolution ({@code out_conv}) gives the class logits. With multiscale prediction, 1x1
 * convolutions {@code out_conv1..3} on the decoder features at 1/2, 1/4 and 1/8 resolution add
 * deep-supervision logits when training.
 *
 * <p>Input: the encoder's level features ({@link UNetEncoder}), finest first; output: the logits,
 * then the scales, still in the activations' layout ({@link UNetInput#finish} converts them back).
 */
public final class UNetDecoder extends NetBlock {
    private final UNetConfig cfg;
    private final Levels levels;

    public UNetDecoder(UNetConfig cfg) {
        this.cfg = cfg;
        levels = new Levels(cfg, this::child);
    }

    public UNetConfig config() {
        return cfg;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return levels.forward(ps, inputs.toArray(new NDArray[0]), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape main = Shapes.withChannels(inputShapes[0], cfg.classNum);
        if (!cfg.multiscale) {
            return new Shape[] {main};
        }
        Shape[] r = new Shape[4];
        r[0] = main;
        for (int i = 1; i <= 3; i++) {
            r[i] = Shapes.withChannels(inputShapes[i], cfg.classNum);
        }
        return r;
    }

    /** The decoder's blocks, registered on whichever block owns them (a U-Net keeps them at its top level). */
    static final class Levels {
        private final UNetConfig cfg;
        private final List<Block> ups = new ArrayList<>();
        private final Block outConv;
        private final List<Block> auxConvs = new ArrayList<>();

        Levels(UNetConfig cfg, ChildSink sink) {
            this.cfg = cfg;
            int[] f = cfg.features;
            // ups.get(k) joins level (n-2-k); PyMIC names the 5-level blocks up1..up4
            for (int i = f.length - 2; i >= 0; i--) {
                ups.add(sink.add("up" + (4 - i), new UpBlock(f[i + 1], f[i], f[i], cfg.decoderDropout[i],
                        cfg.levels[i], cfg.upMode, cfg)));
            }
            outConv = sink.add("out_conv", Layers.conv(cfg.rank, f[0], cfg.classNum, 1));
            if (cfg.multiscale) {
                for (int i = 1; i <= 3; i++) {
                    auxConvs.add(sink.add("out_conv" + i, Layers.conv(cfg.rank, f[i], cfg.classNum, 1)));
                }
            }
        }

        /** Whether the decoded feature of level {@code i} is read again by a deep-supervision head. */
        private boolean keptForScales(int i, boolean training) {
            return cfg.multiscale && training && i >= 1 && i <= 3;
        }

        /** Main logits, then the deep-supervision scales when multiscale and training; activations' layout. */
        NDList forward(ParameterStore ps, NDArray[] skips, boolean training, PairList<String, Object> params) {
            int levels = skips.length;
            // decoded feature per level: dec[levels-1] is the bottom of the encoder
            NDArray[] dec = new NDArray[levels];
            dec[levels - 1] = skips[levels - 1];
            for (int k = 0; k < ups.size(); k++) {
                int i = levels - 2 - k;
                dec[i] = ups.get(k).forward(ps, new NDList(dec[i + 1], skips[i]), training, params).head();
                if (i + 1 < levels - 1 && !keptForScales(i + 1, training)) {
                    NetBlock.release(dec[i + 1], new NDList(skips));
                }
            }
            NDList out = new NDList(outConv.forward(ps, new NDList(dec[0]), training, params).head());
            if (levels > 1) {
                NetBlock.release(dec[0], out, new NDList(skips));
            }
            if (cfg.multiscale && training) {
                for (int i = 1; i <= 3; i++) {
                    out.add(auxConvs.get(i - 1).forward(ps, new NDList(dec[i]), training, params).head());
                }
            }
            return out;
        }
    }
}
