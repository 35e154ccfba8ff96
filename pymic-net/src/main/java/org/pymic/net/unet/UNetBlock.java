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
import org.pymic.net.layer.Layout;
import org.pymic.net.layer.NetBlock;
import org.pymic.net.layer.Sequence;
import org.pymic.net.layer.Shapes;

/**
 * PyMIC's U-Net encoder-decoder for 4 or 5 levels, in 2D, 3D or 2.5D (Ronneberger et al., MICCAI
 * 2015; Cicek et al., MICCAI 2016; Wang et al., MICCAI 2019 for 2.5D), with optional attention
 * gates on the skips (Attention U-Net).
 *
 * <p>Encoder: level 0 is a conv block; level i &gt; 0 is max pooling (factors of level i-1) then a
 * conv block. Decoder: from the deepest level, {@link UpBlock}s up1..up4 (PyMIC's names) join the
 * skips; a 1x1 convolution gives the class logits. With multiscale prediction, 1x1 convolutions on
 * the decoder features at 1/2, 1/4 and 1/8 resolution give auxiliary logits (deep supervision),
 * returned after the main logits when training. A 2D network also accepts (N, C, D, H, W) input,
 * processed slice by slice.
 */
public final class UNetBlock extends NetBlock {
    private final UNetConfig cfg;
    private final List<Block> encoder = new ArrayList<>();
    private final List<Block> decoder = new ArrayList<>();
    private final Block outConv;
    private final List<Block> auxConvs = new ArrayList<>();

    public UNetBlock(UNetConfig cfg) {
        this.cfg = cfg;
        int n = cfg.features.length;
        int[] f = cfg.features;
        encoder.add(child("in_conv", ConvBlocks.convBlock(cfg.inChannels, f[0], cfg.encoderDropout[0],
                cfg.levels[0], cfg.norm, cfg.act)));
        for (int i = 1; i < n; i++) {
            Sequence down = new Sequence()
                    .add("pool", Layers.maxPool(cfg.levels[i - 1].scale()))
                    .add("conv", ConvBlocks.convBlock(f[i - 1], f[i], cfg.encoderDropout[i], cfg.levels[i],
                            cfg.norm, cfg.act));
            encoder.add(child("down" + i, down));
        }
        // decoder.get(k) joins level (n-2-k); PyMIC names the 5-level blocks up1..up4
        for (int i = n - 2; i >= 0; i--) {
            String name = "up" + (4 - i);
            decoder.add(child(name, new UpBlock(f[i + 1], f[i], f[i], cfg.decoderDropout[i], cfg.levels[i],
                    cfg.upMode, cfg)));
        }
        outConv = child("out_conv", Layers.conv(cfg.rank, f[0], cfg.classNum, 1));
        if (cfg.multiscale) {
            for (int i = 1; i <= 3; i++) {
                auxConvs.add(child("out_conv" + i, Layers.conv(cfg.rank, f[i], cfg.classNum, 1)));
            }
        }
    }

    public UNetConfig config() {
        return cfg;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        boolean fold = cfg.rank == 2 && x.getShape().dimension() == 5;
        long n = x.getShape().get(0);
        long depth = fold ? x.getShape().get(2) : 1;
        if (fold) {
            x = SliceFold.fold(x);
        }
        int levels = cfg.features.length;
        int[][] pools = new int[levels - 1][];
        for (int i = 0; i < levels - 1; i++) {
            pools[i] = cfg.levels[i].scale();
        }
        SliceFold.checkDivisible(cfg.name, x, pools);
        x = cfg.layout.apply(x);
        NDArray[] skips = new NDArray[levels];
        NDList h = new NDList(x);
        for (int i = 0; i < levels; i++) {
            h = encoder.get(i).forward(ps, h, training, params);
            skips[i] = h.head();
        }
        // decoded feature per level: dec[levels-1] is the bottom of the encoder
        NDArray[] dec = new NDArray[levels];
        dec[levels - 1] = skips[levels - 1];
        for (int k = 0; k < decoder.size(); k++) {
            int i = levels - 2 - k;
            dec[i] = decoder.get(k).forward(ps, new NDList(dec[i + 1], skips[i]), training, params).head();
        }
        NDList out = new NDList(outConv.forward(ps, new NDList(dec[0]), training, params).head());
        if (cfg.multiscale && training) {
            for (int i = 1; i <= 3; i++) {
                out.add(auxConvs.get(i - 1).forward(ps, new NDList(dec[i]), training, params).head());
            }
        }
        NDList std = new NDList(out.size());
        for (NDArray o : out) {
            std.add(Layout.standard(o));
        }
        return fold ? SliceFold.unfold(std, n, depth) : std;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        Shape main = Shapes.withChannels(s, cfg.classNum);
        if (!cfg.multiscale) {
            return new Shape[] {main};
        }
        Shape[] r = new Shape[4];
        r[0] = main;
        Shape cur = main;
        for (int i = 1; i <= 3; i++) {
            int[] scale = cfg.levels[i - 1].scale();
            if (scale.length < cur.dimension() - 2) {
                int[] padded = new int[cur.dimension() - 2];
                java.util.Arrays.fill(padded, 1);
                System.arraycopy(scale, 0, padded, padded.length - scale.length, scale.length);
                scale = padded;
            }
            cur = Shapes.scaleSpatial(cur, scale, false);
            r[i] = cur;
        }
        return r;
    }
}
