package org.pymic.net;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.pymic.core.catalog.SectionCatalog;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentProvider;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.core.registry.Params;
import org.pymic.net.cct.AuxDecoderType;

/**
 * The networks of pymic-net, under PyMIC's {@code net_type} names with PyMIC's keys and defaults.
 * PyMIC networks not built here are listed without a factory, so configs naming them are refused
 * as not implemented rather than unknown.
 */
public final class NetworkProvider implements ComponentProvider {
    /** {@code in_chns} when the config does not set it: the default [network] declares. */
    private static final Object IN_CHNS = SectionCatalog.defaultOf(SectionCatalog.NETWORK, "in_chns");

    static final List<Integer> DEFAULT_FEATURES = List.of(32, 64, 128, 256, 512);
    static final List<Double> DEFAULT_DROPOUT = List.of(0.0, 0.0, 0.2, 0.3, 0.4);
    private static final List<String> NOT_IMPLEMENTED = List.of("UNet2D_ScSE", "UNet3D_ScSE", "COPLENet",
            "UNet2D_URPC", "CANet", "TransUNet", "SwinUNet");
    private static final String NO_MULTISCALE = "not supported by this network (must be False)";

    @Override
    public List<ComponentSpec> components() {
        List<ComponentSpec> specs = new ArrayList<>();
        specs.add(common("UNet2D", "2D U-Net (Ronneberger et al., MICCAI 2015) with batch norm, LeakyReLU, dropout"
                + " and optional deep supervision; 5D input is processed slice by slice.", UNets::unet2d, true)
                .optional("bilinear", ParamType.BOOL, null, "old key: False means up_mode 0 (TransConv)")
                .optional("fp_dropout", ParamType.FLOAT, 0.0, "pymic: when > 0, training also returns the decoder on"
                        + " channel-dropped encoder features (head 'fp', UniMatch's feature perturbation)")
                .build());
        specs.add(common("UNet3D", "3D U-Net (Cicek et al., MICCAI 2016) with batch norm, LeakyReLU, dropout"
                + " and optional deep supervision.", UNets::unet3d, false)
                .optional("trilinear", ParamType.BOOL, null, "old key: False means up_mode 0 (TransConv)")
                .optional("deep_supervise", ParamType.BOOL, null, "old key for multiscale_pred")
                .build());
        specs.add(common("UNet2D5", "2.5D U-Net (Wang et al., MICCAI 2019, without attention): in-plane levels"
                + " (conv_dims 2) then 3D levels (conv_dims 3), PReLU; input (N, C, D, H, W).", UNets::unet2d5, false)
                .optional("conv_dims", ParamType.INT_LIST, List.of(2, 2, 3, 3, 3),
                        "convolution dimension (2 or 3) of each of the 5 levels")
                .build());
        specs.add(common("AttentionUNet2D", "Attention U-Net (Oktay et al., MIDL 2018): UNet2D with additive"
                + " attention gates on the skip connections.", UNets::attentionUnet2d, true)
                .optional("bilinear", ParamType.BOOL, null, "old key: False means up_mode 0 (TransConv)")
                .build());
        specs.add(common("UNet", "PyMIC's generic U-Net: 'dimension' 2 builds UNet2D, 3 builds UNet3D"
                + " (same keys).", UNets::unet, true)
                .optional("dimension", ParamType.INT, 2, "spatial dimension of the network: 2 or 3")
                .optional("bilinear", ParamType.BOOL, null, "old key: False means up_mode 0 (TransConv)")
                .optional("trilinear", ParamType.BOOL, null, "old key (dimension 3): False means up_mode 0")
                .optional("deep_supervise", ParamType.BOOL, null, "old key for multiscale_pred (dimension 3)")
                .build());
        specs.add(common("AttentionUNet", "PyMIC's generic attention U-Net (Oktay et al., MIDL 2018):"
                + " 'dimension' 2 only (3 is refused as not implemented).", UNets::attentionUnet, true)
                .optional("dimension", ParamType.INT, 2, "spatial dimension of the network: 2 (3 not implemented)")
                .optional("bilinear", ParamType.BOOL, null, "old key: False means up_mode 0 (TransConv)")
                .build());
        specs.add(ComponentSpec.builder(ComponentKind.NETWORK, "NestedUNet2D")
                .doc("UNet++ (Zhou et al., DLMIA 2018): nested dense skip pathways, bilinear up-sampling.")
                .alias("UNet2D_NestedDense")
                .optional("in_chns", ParamType.INT, IN_CHNS, "number of input channels")
                .required("class_num", ParamType.INT, "number of classes (output channels)")
                .optional("feature_chns", ParamType.INT_LIST, DEFAULT_FEATURES, "feature channels of the 5 levels")
                .optional("dropout", ParamType.FLOAT_LIST, DEFAULT_DROPOUT, "dropout of the backbone block of each level")
                .optional("multiscale_pred", ParamType.BOOL, false, "not supported by NestedUNet2D (must be False)")
                .optional("norm", ParamType.STRING, "batch", "normalisation: batch or instance")
                .factory(UNets::nestedUnet2d)
                .build());
        specs.add(multiDecoder("UNet2D_DualBranch", "Dual-branch UNet2D (Luo et al., MICCAI 2022): one encoder, two"
                + " decoders. Training heads: main (decoder 1) and branch2 (decoder 2); evaluation: main, chosen by"
                + " output_mode; 5D input slice by slice.", MultiDecoderNets::dualBranch2d, true)
                .optional("bilinear", ParamType.BOOL, null, "old key: False means up_mode 0 (TransConv)")
                .optional("output_mode", ParamType.STRING, "average", OUTPUT_MODE)
                .build());
        specs.add(multiDecoder("UNet3D_DualBranch", "Dual-branch UNet3D (Luo et al., MICCAI 2022): one encoder, two"
                + " decoders. Training heads: main (decoder 1) and branch2 (decoder 2); evaluation: main, chosen by"
                + " output_mode.", MultiDecoderNets::dualBranch3d, false)
                .optional("trilinear", ParamType.BOOL, null, "old key: False means up_mode 0 (TransConv)")
                .optional("output_mode", ParamType.STRING, "average", OUTPUT_MODE)
                .build());
        specs.add(ComponentSpec.builder(ComponentKind.NETWORK, "MCNet2D")
                .doc("MCNet (Wu et al., MedIA 2022): one UNet2D encoder, three decoders up-sampling by transposed"
                        + " convolution, nearest and bilinear interpolation. Training heads: main (decoder 1), branch2,"
                        + " branch3; evaluation: main; 5D input slice by slice.")
                .optional("in_chns", ParamType.INT, IN_CHNS, "number of input channels")
                .required("class_num", ParamType.INT, "number of classes (output channels)")
                .optional("feature_chns", ParamType.INT_LIST, DEFAULT_FEATURES,
                        "feature channels of each level (4 or 5 levels)")
                .optional("dropout", ParamType.FLOAT_LIST, DEFAULT_DROPOUT, "dropout probability of each level")
                .optional("multiscale_pred", ParamType.BOOL, false, NO_MULTISCALE)
                .optional("norm", ParamType.STRING, "batch", "normalisation: batch or instance")
                .factory(MultiDecoderNets::mcnet2d)
                .build());
        specs.add(cct(multiDecoder("UNet2D_CCT", "UNet2D with auxiliary decoders for cross-consistency training (Ouali"
                + " et al., CVPR 2020). Training heads: main and aux1..auxK (one per CCT_aux_decoders entry, fed"
                + " the perturbed deepest feature); evaluation: main; 5D input slice by slice.",
                MultiDecoderNets::cct2d, true))
                .optional("bilinear", ParamType.BOOL, null, "old key: False means up_mode 0 (TransConv)")
                .build());
        specs.add(cct(multiDecoder("CCTNet", "PyMIC's newer name of UNet2D_CCT, with 'dimension' 2 (slice by slice"
                + " on 5D input) or 3 (a 3D U-Net). Training heads: main and aux1..auxK; evaluation: main.",
                MultiDecoderNets::cctNet, true))
                .optional("dimension", ParamType.INT, 2, "spatial dimension of the network: 2 or 3")
                .optional("bilinear", ParamType.BOOL, null, "old key: False means up_mode 0 (TransConv)")
                .optional("trilinear", ParamType.BOOL, null, "old key (dimension 3): False means up_mode 0")
                .build());
        for (String n : NOT_IMPLEMENTED) {
            specs.add(ComponentSpec.builder(ComponentKind.NETWORK, n).doc("PyMIC network, not built in pymic").build());
        }
        return specs;
    }

    private static final String OUTPUT_MODE = "what evaluation returns: average (mean of both branches),"
            + " first or second";

    /** CCT's keys on top of the U-Net's. */
    private static ComponentSpec.Builder cct(ComponentSpec.Builder b) {
        return b.optional("cct_aux_decoders", ParamType.STRING_LIST, AuxDecoderType.DEFAULTS,
                        "perturbation of each auxiliary decoder: DropOut, FeatureDrop, FeatureNoise or VAT")
                .optional("uniform_range", ParamType.FLOAT, 0.3, "FeatureNoise: noise x * U(-r, r) added to x")
                .optional("vat_it", ParamType.INT, 2, "VAT: power iterations for the adversarial direction")
                .optional("vat_xi", ParamType.FLOAT, 1e-6, "VAT: step of the finite difference (xi)")
                .optional("vat_eps", ParamType.FLOAT, 2.0, "VAT: norm of the adversarial perturbation (eps)");
    }

    private static ComponentSpec.Builder common(String name, String doc, Function<Params, SegNetwork> f,
            boolean twoD) {
        return common(name, doc, f, twoD, "also output logits at 1/2, 1/4, 1/8 resolution when training (deep supervision)");
    }

    /** A multi-decoder network on U-Net keys, whose {@code multiscale_pred} must stay False. */
    private static ComponentSpec.Builder multiDecoder(String name, String doc, Function<Params, SegNetwork> f,
            boolean twoD) {
        return common(name, doc, f, twoD, NO_MULTISCALE);
    }

    private static ComponentSpec.Builder common(String name, String doc, Function<Params, SegNetwork> f,
            boolean twoD, String multiscaleDoc) {
        return ComponentSpec.builder(ComponentKind.NETWORK, name).doc(doc)
                .optional("in_chns", ParamType.INT, IN_CHNS, "number of input channels")
                .required("class_num", ParamType.INT, "number of classes (output channels)")
                .optional("feature_chns", ParamType.INT_LIST, DEFAULT_FEATURES,
                        "feature channels of each level (4 or 5 levels)")
                .optional("dropout", ParamType.FLOAT_LIST, DEFAULT_DROPOUT, "dropout probability of each level")
                .optional("up_mode", ParamType.ANY, 2, twoD
                        ? "up-sampling: 0 TransConv, 1 Nearest, 2 Bilinear, 3 Bicubic (or the name)"
                        : "up-sampling: 0 TransConv, 1 Nearest, 2 Trilinear (or the name)")
                .optional("multiscale_pred", ParamType.BOOL, false, multiscaleDoc)
                .optional("norm", ParamType.STRING, "batch", "normalisation: batch or instance")
                .factory(f);
    }
}
