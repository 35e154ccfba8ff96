package org.pymic.loss;

import java.util.List;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentProvider;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.core.registry.Params;

/**
 * Registers the losses of this module under PyMIC's names ({@code [training] loss_type}) with the
 * {@code [training]} keys each one reads. Every factory returns a {@link SegLoss}.
 */
public final class LossProvider implements ComponentProvider {
    static final ParamSpec SOFTMAX = ParamSpec.optional("loss_softmax", ParamType.BOOL, true,
            "apply softmax to the network output before the loss");
    static final ParamSpec CLASS_WEIGHT = ParamSpec.optional("loss_class_weight", ParamType.FLOAT_LIST, null,
            "weight per class, None for equal weights");

    @Override
    public List<ComponentSpec> components() {
        return List.of(
                ComponentSpec.builder(ComponentKind.LOSS, "CrossEntropyLoss")
                        .doc("Cross-entropy of soft targets, plain or pixel-weighted mean (partial CE).")
                        .param(SOFTMAX).param(CLASS_WEIGHT)
                        .factory(p -> new CrossEntropyLoss(softmax(p), weights(p, "loss_class_weight")))
                        .build(),
                ComponentSpec.builder(ComponentKind.LOSS, "DiceLoss")
                        .doc("Soft Dice loss averaged over classes, smoothing 1e-5.")
                        .param(SOFTMAX).param(CLASS_WEIGHT)
                        .factory(p -> new DiceLoss(softmax(p), weights(p, "loss_class_weight")))
                        .build(),
                ComponentSpec.builder(ComponentKind.LOSS, "FocalLoss")
                        .doc("Multi-class focal loss (Lin et al. 2017) on soft targets.")
                        .param(SOFTMAX)
                        .optional("focalloss_gamma", ParamType.FLOAT, 2.0, "focusing parameter gamma >= 0")
                        .optional("focalloss_alpha", ParamType.FLOAT_LIST, null, "weight per class, None for 1")
                        .factory(p -> new FocalLoss(softmax(p), p.getDouble("focalloss_gamma"),
                                weights(p, "focalloss_alpha")))
                        .build(),
                ComponentSpec.builder(ComponentKind.LOSS, "ExpLogLoss")
                        .doc("Exponential logarithmic loss (Wong et al. 2018): weighted exp-log Dice + exp-log CE.")
                        .param(SOFTMAX)
                        .optional("explogloss_w_dice", ParamType.FLOAT, 0.8, "weight of the Dice term")
                        .optional("explogloss_gamma", ParamType.FLOAT, 0.3, "exponent gamma of both terms")
                        .factory(p -> new ExpLogLoss(softmax(p), p.getDouble("explogloss_w_dice"),
                                p.getDouble("explogloss_gamma")))
                        .build(),
                ComponentSpec.builder(ComponentKind.LOSS, "GeneralizedCELoss")
                        .doc("Generalized cross-entropy for noisy labels (Zhang and Sabuncu 2018).")
                        .alias("GeneralizedCrossEntropyLoss")
                        .param(SOFTMAX).param(CLASS_WEIGHT)
                        .optional("loss_gce_q", ParamType.FLOAT, 0.5, "exponent q in (0, 1]")
                        .factory(p -> new GeneralizedCELoss(softmax(p), p.getDouble("loss_gce_q"),
                                weights(p, "loss_class_weight")))
                        .build(),
                ComponentSpec.builder(ComponentKind.LOSS, "NoiseRobustDiceLoss")
                        .doc("Noise-robust Dice loss (Wang et al. 2020).")
                        .param(SOFTMAX)
                        .optional("noiserobustdiceloss_gamma", ParamType.FLOAT, 1.5, "exponent gamma in [1, 2]")
                        .factory(p -> new NoiseRobustDiceLoss(softmax(p), p.getDouble("noiserobustdiceloss_gamma")))
                        .build(),
                ComponentSpec.builder(ComponentKind.LOSS, "MAELoss")
                        .doc("Mean absolute error between class probabilities and a soft target (bounded, noise-robust).")
                        .param(SOFTMAX)
                        .factory(p -> new MAELoss(softmax(p)))
                        .build(),
                ComponentSpec.builder(ComponentKind.LOSS, "SLSRLoss")
                        .doc("Spatial label smoothing on the pixels a pixel_weight map flags (CL-SLSR, Zhang et al. 2020).")
                        .param(SOFTMAX)
                        .optional("slsrloss_epsilon", ParamType.FLOAT, 0.25,
                                "smoothing of the flagged pixels' labels towards 0.5, in [0, 0.5]")
                        .factory(p -> new SLSRLoss(softmax(p), p.getDouble("slsrloss_epsilon")))
                        .build(),
                ComponentSpec.builder(ComponentKind.LOSS, "EntropyLoss")
                        .doc("Mean normalised entropy of the softmax (Entropy Minimization regulariser).")
                        .param(SOFTMAX)
                        .factory(p -> new EntropyLoss(softmax(p)))
                        .build());
    }

    private static boolean softmax(Params p) {
        return p.getBool("loss_softmax", true);
    }

    private static double[] weights(Params p, String key) {
        return p.getDoubleArray(key);
    }
}
