package org.pymic.net.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pymic.net.layer.NetBlock;
import org.pymic.net.layer.Shapes;

/**
 * PyMIC's U-Net encoder-decoder for 4 or 5 levels, in 2D, 3D or 2.5D (Ronneberger et al., MICCAI
 * 2015; Cicek et al., MICCAI 2016; Wang et al., MICCAI 2019 for 2.5D), with optional attention
 * gates on the skips (Attention U-Net).
 *
 * <p>Encoder ({@link UNetEncoder}): level 0 is a conv block; level i &gt; 0 is max pooling (factors of
 * level i-1) then a conv block. Decoder ({@link UNetDecoder}): from the deepest level, {@link UpBlock}s
 * up1..up4 (PyMIC's names) join the skips; a 1x1 convolution gives the class logits. With multiscale prediction, 1x1 convolutions on
 * the decoder features at 1/2, 1/4 and 1/8 resolution give auxiliary logits (deep supervision),
 * returned after the main logits when training. A 2D network also accepts (N, C, D, H, W) input,
 * processed slice by slice.
 */
public final class UNetBlock extends NetBlock {
    private final UNetConfig cfg;
    private final UNetEncoder.Levels encoder;
    private final UNetDecoder.Levels decoder;
    private final double featureDropout;

    public UNetBlock(UNetConfig cfg) {
        this(cfg, 0);
    }

    /**
     * A U-Net whose training forward also returns, after its other outputs, the main logits of the decoder
     * run on channel-dropped encoder features ({@code featureDropout} &gt; 0: UniMatch's feature
     * perturbation, {@code Dropout2d(p)} on every encoder level, skips included), in one decoder batch
     * with the clean features; a forward that skips the head {@code fp} ({@link
     * org.pymic.net.SegNetwork#SKIP_HEADS}) runs the plain U-Net.
     */
    public UNetBlock(UNetConfig cfg, double featureDropout) {
        if (!(featureDropout >= 0 && featureDropout < 1)) {
            throw org.pymic.core.error.PymicException.config("network " + cfg.name + ": 'fp_dropout' = "
                    + featureDropout + ": expected a probability in [0, 1)");
        }
        this.featureDropout = featureDropout;
        this.cfg = cfg;
        // the levels are children of this block (not of an encoder and a decoder block), so the
        // parameter names in checkpoints stay in_conv, down1.., up1.., out_conv
        encoder = new UNetEncoder.Levels(cfg, this::child);
        decoder = new UNetDecoder.Levels(cfg, this::child);
    }

    public UNetConfig config() {
        return cfg;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        UNetInput in = UNetInput.prepare(cfg, inputs.head());
        NDArray[] skips = encoder.forward(ps, in.array(), training, params);
        if (!(training && featureDropout > 0) || org.pymic.net.SegNetwork.skips(params, "fp")) {
            return in.finish(decoder.forward(ps, skips, training, params));
        }
        // one decoder pass over the features and their channel-dropped copy, as one batch (the
        // reference's decoder(cat(feats, dropout(feats)))): batch norm normalises both together
        long n = skips[0].getShape().get(0);
        NDArray[] both = new NDArray[skips.length];
        for (int i = 0; i < skips.length; i++) {
            both[i] = skips[i].concat(channelDropout(skips[i], featureDropout), 0);
        }
        NDList joint = decoder.forward(ps, both, training, params);
        NDList out = new NDList(joint.size() + 1);
        for (NDArray a : joint) {
            out.add(a.get(":" + n));
        }
        out.add(joint.head().get(n + ":"));
        return in.finish(out);
    }

    /** {@code Dropout2d(p)}: each (sample, channel) map is zeroed with probability p, the rest scaled by 1/(1-p). */
    static NDArray channelDropout(NDArray x, double p) {
        Shape s = x.getShape();
        long[] m = new long[s.dimension()];
        java.util.Arrays.fill(m, 1);
        m[0] = s.get(0);
        m[1] = s.get(1);
        NDArray keep = x.getManager().randomUniform(0f, 1f, new Shape(m), x.getDataType()).gte(p)
                .toType(x.getDataType(), false).mul(1 / (1 - p));
        return x.mul(keep);
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

    @Override
    public int[] sizeMultiple() {
        return cfg.sizeMultiple();
    }
}
