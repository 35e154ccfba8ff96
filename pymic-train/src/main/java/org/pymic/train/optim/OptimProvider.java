package org.pymic.train.optim;

import java.util.List;
import org.pymic.core.catalog.SectionCatalog;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentProvider;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.core.registry.Params;

/**
 * Registers the optimisers ({@code [training] optimizer}) and learning-rate schedules
 * ({@code [training] lr_scheduler}) with the {@code [training]} keys they read. Optimiser factories
 * return an {@link Optimizer}; schedule factories an {@link LrScheduler}.
 */
public final class OptimProvider implements ComponentProvider {
    private static final ParamSpec WEIGHT_DECAY = ParamSpec.optional("weight_decay", ParamType.FLOAT,
            training("weight_decay"),
            "weight decay (L2 for SGD and Adam, decoupled for AdamW)");
    private static final ParamSpec BETAS = ParamSpec.optional("betas", ParamType.FLOAT_LIST, List.of(0.9, 0.999),
            "Adam's coefficients [beta1, beta2] of the moment averages");
    private static final ParamSpec EPS = ParamSpec.optional("eps", ParamType.FLOAT, 1e-8,
            "Adam's term added to the denominator");
    /** {@code [training] learning_rate} when the config does not set it, as the config reference documents. */
    public static final double DEFAULT_LEARNING_RATE = ((Number) training("learning_rate")).doubleValue();
    private static final ParamSpec LR = ParamSpec.optional("learning_rate", ParamType.FLOAT, DEFAULT_LEARNING_RATE,
            "initial learning rate");
    private static final ParamSpec ITER_VALID = ParamSpec.optional("iter_valid", ParamType.INT, training("iter_valid"),
            "iterations between validations; schedules advance once per validation");
    private static final ParamSpec GAMMA = ParamSpec.optional("lr_gamma", ParamType.FLOAT, training("lr_gamma"),
            "factor applied to the learning rate at each decay");
    private static final ParamSpec ITER_MAX = ParamSpec.required("iter_max", ParamType.INT,
            "total training iterations");

    /** The default {@code [training]} declares for {@code key}: optimisers and schedules read the same keys. */
    private static Object training(String key) {
        return SectionCatalog.defaultOf(SectionCatalog.TRAINING, key);
    }

    @Override
    public List<ComponentSpec> components() {
        return List.of(
                ComponentSpec.builder(ComponentKind.OPTIMIZER, "SGD")
                        .doc("SGD with momentum, Nesterov (on by default, as PyMIC) and weight decay, PyTorch semantics.")
                        .optional("momentum", ParamType.FLOAT, training("momentum"), "momentum factor")
                        .param(WEIGHT_DECAY)
                        .optional("nesterov", ParamType.BOOL, true, "Nesterov momentum (PyMIC always uses it)")
                        .optional("dampening", ParamType.FLOAT, 0.0, "dampening of the momentum")
                        .factory(p -> Sgd.builder().optMomentum(p.getDouble("momentum"))
                                .optWeightDecay(p.getDouble("weight_decay")).optNesterov(p.getBool("nesterov"))
                                .optDampening(p.getDouble("dampening")).build())
                        .build(),
                ComponentSpec.builder(ComponentKind.OPTIMIZER, "Adam")
                        .doc("Adam (Kingma and Ba 2015) with L2 weight decay, PyTorch semantics.")
                        .param(WEIGHT_DECAY).param(BETAS).param(EPS)
                        .factory(p -> adam(p, false))
                        .build(),
                ComponentSpec.builder(ComponentKind.OPTIMIZER, "AdamW")
                        .doc("AdamW (Loshchilov and Hutter 2019): Adam with decoupled weight decay.")
                        .param(WEIGHT_DECAY).param(BETAS).param(EPS)
                        .factory(p -> adam(p, true))
                        .build(),
                ComponentSpec.builder(ComponentKind.LR_SCHEDULER, "ReduceLROnPlateau")
                        .doc("Multiply the rate by lr_gamma when the validation Dice stops improving.")
                        .param(LR).param(ITER_VALID).param(GAMMA)
                        .required("reducelronplateau_patience", ParamType.INT,
                                "iterations without improvement before a decay")
                        .factory(p -> new ReduceLROnPlateau(p.getDouble("learning_rate"), p.getInt("iter_valid"),
                                p.getInt("reducelronplateau_patience"), p.getDouble("lr_gamma")))
                        .build(),
                ComponentSpec.builder(ComponentKind.LR_SCHEDULER, "StepLR")
                        .doc("Multiply the rate by lr_gamma every lr_step iterations.")
                        .param(LR).param(ITER_VALID).param(GAMMA)
                        .required("lr_step", ParamType.INT, "iterations between decays")
                        .factory(p -> new StepLR(p.getDouble("learning_rate"), p.getInt("iter_valid"),
                                p.getInt("lr_step"), p.getDouble("lr_gamma")))
                        .build(),
                ComponentSpec.builder(ComponentKind.LR_SCHEDULER, "MultiStepLR")
                        .doc("Multiply the rate by lr_gamma at each milestone iteration.")
                        .param(LR).param(ITER_VALID).param(GAMMA)
                        .required("lr_milestones", ParamType.INT_LIST, "iterations at which the rate decays")
                        .factory(p -> new MultiStepLR(p.getDouble("learning_rate"), p.getInt("iter_valid"),
                                p.getIntArray("lr_milestones"), p.getDouble("lr_gamma")))
                        .build(),
                ComponentSpec.builder(ComponentKind.LR_SCHEDULER, "CosineAnnealingLR")
                        .doc("Cosine decay from learning_rate to lr_min over iter_max iterations.")
                        .param(LR).param(ITER_VALID).param(ITER_MAX)
                        .optional("lr_min", ParamType.FLOAT, training("lr_min"), "final learning rate")
                        .factory(p -> new CosineAnnealingLR(p.getDouble("learning_rate"), p.getInt("iter_valid"),
                                p.getInt("iter_max"), p.getDouble("lr_min")))
                        .build(),
                ComponentSpec.builder(ComponentKind.LR_SCHEDULER, "PolynomialLR")
                        .doc("Polynomial decay to 0 over iter_max iterations with exponent lr_power.")
                        .param(LR).param(ITER_VALID).param(ITER_MAX)
                        .required("lr_power", ParamType.FLOAT, "exponent of the decay")
                        .factory(p -> new PolynomialLR(p.getDouble("learning_rate"), p.getInt("iter_valid"),
                                p.getInt("iter_max"), p.getDouble("lr_power")))
                        .build());
    }

    private static Adam adam(Params p, boolean decoupled) {
        double[] betas = p.getDoubleArray("betas");
        if (betas.length != 2) {
            throw org.pymic.core.error.PymicException.config("betas expects two values [beta1, beta2], got "
                    + betas.length);
        }
        return Adam.builder().optBetas(betas[0], betas[1]).optEps(p.getDouble("eps"))
                .optWeightDecay(p.getDouble("weight_decay")).optDecoupled(decoupled).build();
    }
}
