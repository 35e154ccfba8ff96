package org.pymic.core.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;

/**
 * Every component name PyMIC knows (union over PyMIC 0.2 to 0.5:
 * pymic/net/net_dict_seg.py and net_dict_cls.py, pymic/loss/loss_dict_seg.py and loss_dict_cls.py,
 * pymic/transform/trans_dict.py, the method dictionaries of pymic/net_run/semi_sup, weak_sup,
 * noisy_label and self_sup, get_optimizer.py, post_process.py, evaluation_seg.py and
 * evaluation_cls.py; the classification names are those of the PyMIC_examples classification
 * configs). They are registered without a factory, so that a config
 * naming one is refused by name ("not implemented yet", exit code 6) rather than as a typo; the
 * modules that implement a component register an implemented spec of the same name, which
 * replaces these.
 */
public final class PymicNames {
    private PymicNames() {
    }

    /** PyMIC's names per kind. */
    public static Map<ComponentKind, List<String>> byKind() {
        Map<ComponentKind, List<String>> m = new LinkedHashMap<>();
        m.put(ComponentKind.NETWORK, List.of("UNet2D", "UNet2D_URPC", "UNet2D_CCT", "UNet2D_DualBranch",
                "UNet2D_ScSE", "UNet2Dpp", "AttentionUNet2D", "NestedUNet2D", "COPLENet", "CANet", "MCNet2D",
                "TransUNet", "SwinUNet", "UNet2D5", "UNet3D", "UNet3D_ScSE", "UNet3D_DualBranch", "GRUNet",
                "LCOVNet", "FMUNet", "FMUNetV3", "UNETR", "UNETR_PP", "UNet", "UNet_ScSE", "AttentionUNet",
                "UNetpp", "CCTNet", "DBNet", "TDNet", "resnet18", "vgg16", "vitb16", "mobilenetv2"));
        m.put(ComponentKind.LOSS, List.of("CrossEntropyLoss", "GeneralizedCELoss", "GeneralizedCrossEntropyLoss",
                "DiceLoss", "BinaryDiceLoss", "FocalDiceLoss", "NoiseRobustDiceLoss", "GroupDiceLoss",
                "MultiScaleDiceLoss", "DiceWithCrossEntropyLoss", "ExpLogLoss", "MAELoss", "MSELoss", "SLSRLoss",
                "EntropyLoss", "TotalVariationLoss", "GatedCRFLoss", "MumfordShahLoss", "L1Loss", "NLLLoss",
                "RectifiedLoss"));
        m.put(ComponentKind.TRANSFORM, List.of("Affine", "AdaptiveContrastAdjust", "CenterCrop",
                "ChannelWiseGammaCorrection", "ChannelWiseNormalize", "ChannelWiseThreshold",
                "ChannelWiseThresholdWithNormalize", "Crop4Dino", "Crop4VolumeFusion", "Crop4Vox2Vec",
                "CropHumanRegion", "CropWithBoundingBox", "CropWithForeground", "GammaCorrection", "GaussianNoise",
                "GrayscaleToRGB", "HistEqual", "InOutPainting", "InPainting", "IntensityClip", "LabelConvert",
                "LabelConvertNonzero", "LabelToProbability", "LocalShuffling", "MaskedImageModeling",
                "MaskedImageModelingLabel", "NonLinearTransform", "NormalizeWithMeanStd", "NormalizeWithMinMax",
                "NormalizeWithPercentiles", "OutPainting", "Pad", "PartialLabelToProbability", "PatchSwaping",
                "RandomCrop", "RandomFlip", "RandomRescale", "RandomResizedCrop", "RandomRotate", "RandomSlice",
                "RandomTranspose", "ReduceLabelDim", "Resample", "Rescale", "SelfReconstructionLabel",
                "SelfSuperviseLabel", "VolumeFusion", "VolumeFusionShuffle"));
        m.put(ComponentKind.OPTIMIZER, List.of("SGD", "Adam", "AdamW", "SparseAdam", "Adadelta", "Adagrad",
                "Adamax", "ASGD", "LBFGS", "RMSprop", "Rprop"));
        m.put(ComponentKind.LR_SCHEDULER, List.of("ReduceLROnPlateau", "MultiStepLR", "StepLR",
                "CosineAnnealingLR", "PolynomialLR"));
        m.put(ComponentKind.METHOD, List.of("EntropyMinimization", "MeanTeacher", "UAMT", "CCT", "CPS", "URPC",
                "MCNet", "GatedCRF", "MumfordShah", "TotalVariation", "USTM", "DMPLS", "DMSPS", "PSSeg",
                "CoTeaching", "TriNet", "DAST", "ModelGenesis", "PatchSwapping", "VolumeFusion", "Vox2Vec"));
        m.put(ComponentKind.POSTPROCESS, List.of("KeepLargestComponent"));
        m.put(ComponentKind.METRIC, List.of("dice", "iou", "assd", "hd95", "hausdorff95", "rve", "volume", "accuracy",
                "auc"));
        return m;
    }

    /** Not-implemented specs for every name. */
    public static List<ComponentSpec> specs() {
        List<ComponentSpec> out = new ArrayList<>();
        byKind().forEach((kind, names) -> names.forEach(n -> out.add(ComponentSpec.builder(kind, n)
                .doc("PyMIC " + kind.label() + " " + n + ".").build())));
        return out;
    }
}
