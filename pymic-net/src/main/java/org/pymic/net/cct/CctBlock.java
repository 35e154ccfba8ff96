package org.pymic.net.cct;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.pymic.net.layer.NetBlock;
import org.pymic.net.layer.Shapes;
import org.pymic.net.unet.UNetConfig;
import org.pymic.net.unet.UNetDecoder;
import org.pymic.net.unet.UNetEncoder;
import org.pymic.net.unet.UNetInput;

/**
 * A U-Net with auxiliary decoders for cross-consistency training (Ouali et al., "Semi-Supervised
 * Semantic Segmentation with Cross-Consistency Training", CVPR 2020), as PyMIC's UNet2D_CCT and
 * CCTNet: children {@code encoder}, {@code decoder} (the main one) and {@code aux_decoder1..K}, all
 * decoders of the same config. Evaluation returns the main logits; training returns them followed by
 * every auxiliary decoder's logits, each decoding the encoder's features with the deepest one
 * perturbed ({@link AuxDecoderType}).
 *
 * <p>As in PyMIC, whose auxiliary decoders replace the last element of the shared feature list in
 * place, the perturbations accumulate in list order: with the default list, FeatureNoise perturbs the
 * already dropped feature and VAT starts from the dropped and noised one. A 2D network takes
 * (N, C, D, H, W) input slice by slice; the perturbations then see the slices as the batch.
 */
public final class CctBlock extends NetBlock {
    private final UNetConfig cfg;
    private final UNetEncoder encoder;
    private final UNetDecoder decoder;
    private final List<UNetDecoder> auxDecoders = new ArrayList<>();
    private final List<AuxDecoderType> auxTypes;
    private final double uniformRange;
    private final VirtualAdversarial vat;

    /**
     * @param uniformRange FeatureNoise's {@code Uniform_range}
     * @param vat the VAT settings (used when {@code auxTypes} holds VAT)
     */
    public CctBlock(UNetConfig cfg, List<AuxDecoderType> auxTypes, double uniformRange, VirtualAdversarial vat) {
        if (cfg.multiscale()) {
            throw new IllegalArgumentException("CCT decoders return one full-resolution output each");
        }
        this.cfg = cfg;
        this.auxTypes = List.copyOf(auxTypes);
        this.uniformRange = uniformRange;
        this.vat = vat;
        encoder = child("encoder", new UNetEncoder(cfg));
        decoder = child("decoder", new UNetDecoder(cfg));
        for (int i = 0; i < auxTypes.size(); i++) {
            auxDecoders.add(child("aux_decoder" + (i + 1), new UNetDecoder(cfg)));
        }
    }

    /** The perturbation of each auxiliary decoder, in output order. */
    public List<AuxDecoderType> auxTypes() {
        return auxTypes;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        UNetInput in = UNetInput.prepare(cfg, inputs.head());
        NDList features = encoder.forward(ps, new NDList(in.array()), training, params);
        NDList out = new NDList(decoder.forward(ps, features, training, params).head());
        if (training) {
            NDArray[] f = features.toArray(new NDArray[0]);
            int last = f.length - 1;
            for (int i = 0; i < auxDecoders.size(); i++) {
                UNetDecoder aux = auxDecoders.get(i);
                switch (auxTypes.get(i)) {
                    case DROPOUT -> { }
                    case FEATURE_DROP -> f[last] = FeatureDrop.apply(f[last]);
                    case FEATURE_NOISE -> f[last] = FeatureNoise.apply(f[last], uniformRange, cfg.layout());
                    case VAT -> f[last] = vat.perturb(aux, f, params);
                }
                out.add(aux.forward(ps, new NDList(f), training, params).head());
            }
        }
        return in.finish(out);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape main = Shapes.withChannels(inputShapes[0], cfg.classNum());
        Shape[] r = new Shape[1 + auxDecoders.size()];
        java.util.Arrays.fill(r, main);
        return r;
    }

    @Override
    public int[] sizeMultiple() {
        return cfg.sizeMultiple();
    }
}
