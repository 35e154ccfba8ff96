package org.pymic.net.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.pymic.net.layer.NetBlock;
import org.pymic.net.layer.Shapes;

/**
 * One U-Net encoder shared by several decoders (PyMIC's UNet2D_DualBranch, UNet3D_DualBranch and
 * MCNet2D). Children {@code encoder}, {@code decoder1}, {@code decoder2}... (PyMIC's attribute names).
 * Training returns every decoder's logits, decoder 1 first; evaluation returns one array: one
 * decoder's logits, or the mean of all of them ({@link #AVERAGE}), unless the forward's parameters hold
 * {@link #MAIN_AND_EVERY_BRANCH}: then evaluation returns that output followed by every decoder's logits
 * (inference that looks at the branches, as DMSPS's test mode, in one pass). A 2D network takes
 * (N, C, D, H, W) input slice by slice.
 */
public final class BranchedUNetBlock extends NetBlock {
    /** {@link #evalDecoder} value: evaluation averages the logits of every decoder. */
    public static final int AVERAGE = -1;
    /**
     * Forward parameter: evaluation returns what it returns without parameters (the main output) followed
     * by every decoder's logits, decoder 1 first: one pass for inference that writes both.
     */
    public static final String MAIN_AND_EVERY_BRANCH = "main_and_every_branch";

    private final UNetConfig cfg;
    private final UNetEncoder encoder;
    private final List<UNetDecoder> decoders = new ArrayList<>();
    private final int evalDecoder;

    /**
     * @param decoderConfigs one config per decoder; the first also builds the encoder, and all must
     *     agree on everything but the up-sampling mode
     * @param evalDecoder the decoder (0-based) whose logits evaluation returns, or {@link #AVERAGE}
     */
    public BranchedUNetBlock(List<UNetConfig> decoderConfigs, int evalDecoder) {
        if (decoderConfigs.size() < 2) {
            throw new IllegalArgumentException("a branched U-Net has at least two decoders");
        }
        if (evalDecoder != AVERAGE && (evalDecoder < 0 || evalDecoder >= decoderConfigs.size())) {
            throw new IllegalArgumentException("no decoder " + evalDecoder);
        }
        cfg = decoderConfigs.get(0);
        if (cfg.multiscale) {
            throw new IllegalArgumentException("a branched U-Net returns one full-resolution output per decoder");
        }
        encoder = child("encoder", new UNetEncoder(cfg));
        for (int i = 0; i < decoderConfigs.size(); i++) {
            decoders.add(child("decoder" + (i + 1), new UNetDecoder(decoderConfigs.get(i))));
        }
        this.evalDecoder = evalDecoder;
    }

    /** The number of decoders, which training returns in order. */
    public int decoderCount() {
        return decoders.size();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        UNetInput in = UNetInput.prepare(cfg, inputs.head());
        NDList features = encoder.forward(ps, new NDList(in.array()), training, params);
        NDList out = new NDList();
        boolean withBranches = params != null && params.contains(MAIN_AND_EVERY_BRANCH);
        if (training || withBranches || evalDecoder == AVERAGE) {
            for (UNetDecoder d : decoders) {
                out.add(d.forward(ps, features, training, params).head());
            }
        } else {
            out.add(decoders.get(evalDecoder).forward(ps, features, false, params).head());
        }
        if (!training && out.size() > 1) {
            NDList main = new NDList(evalDecoder == AVERAGE ? average(out) : out.get(evalDecoder));
            if (withBranches) {
                main.addAll(out);
            }
            out = main;
        }
        return in.finish(out);
    }

    private static NDArray average(NDList out) {
        NDArray sum = out.get(0);
        for (int i = 1; i < out.size(); i++) {
            sum = sum.add(out.get(i));
        }
        // an array, not a Number: the constant must outlive the forward when gradients are recorded
        NDArray inverse = sum.getManager().create(1f / out.size());
        return sum.mul(inverse);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape main = Shapes.withChannels(inputShapes[0], cfg.classNum);
        Shape[] r = new Shape[decoders.size()];
        java.util.Arrays.fill(r, main);
        return r;
    }

    @Override
    public int[] sizeMultiple() {
        return cfg.sizeMultiple();
    }
}
