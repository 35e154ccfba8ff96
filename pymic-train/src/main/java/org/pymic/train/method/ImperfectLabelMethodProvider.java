package org.pymic.train.method;

import java.util.List;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentProvider;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.core.registry.Params;

/**
 * Registers the teacher, co-training, regularised weakly supervised and noisy-label methods under
 * PyMIC's {@code method_name}s with the keys of their section ({@code [semi_supervised_learning]},
 * {@code [weakly_supervised_learning]}, {@code [noisy_label_learning]}) and PyMIC's defaults.
 *
 * <p>The EMA decay warm-up of the teacher methods lasts PyMIC's {@code [training] iter_valid}
 * iterations; their factories read {@code iter_valid} from the values (the training run adds it to the
 * section's values) and otherwise assume {@value #DEFAULT_ITER_VALID}.
 */
public final class ImperfectLabelMethodProvider implements ComponentProvider {
    /** EMA warm-up period when {@code iter_valid} is not passed along. */
    public static final int DEFAULT_ITER_VALID = 100;

    static final ParamSpec REGULARIZE_W = ParamSpec.optional("regularize_w", ParamType.FLOAT, 0.1,
            "weight of the unsupervised / regularisation loss after the ramp-up");
    static final ParamSpec RAMPUP_START = ParamSpec.optional("rampup_start", ParamType.INT, 0,
            "iteration where the sigmoid ramp-up of the weight starts");
    static final ParamSpec RAMPUP_END = ParamSpec.optional("rampup_end", ParamType.INT, null,
            "iteration where the ramp-up ends (None: iter_max)");
    static final ParamSpec EMA_DECAY = ParamSpec.optional("ema_decay", ParamType.FLOAT, 0.99,
            "upper bound of the teacher's EMA decay");

    @Override
    public List<ComponentSpec> components() {
        return List.of(
                ComponentSpec.builder(ComponentKind.METHOD, MeanTeacher.NAME)
                        .doc("Mean Teacher (Tarvainen and Valpola 2017): EMA teacher, softmax MSE consistency.")
                        .param(REGULARIZE_W).param(RAMPUP_START).param(RAMPUP_END).param(EMA_DECAY)
                        .factory(p -> new MeanTeacher(w(p), start(p), end(p), p.getDouble("ema_decay"), iterValid(p)))
                        .build(),
                ComponentSpec.builder(ComponentKind.METHOD, UncertaintyAwareMeanTeacher.NAME)
                        .doc("Uncertainty-aware Mean Teacher (Yu et al. 2019): consistency on confident pixels.")
                        .param(REGULARIZE_W).param(RAMPUP_START).param(RAMPUP_END).param(EMA_DECAY)
                        .optional("uamt_mcdroput_n", ParamType.INT, 8, "number of noisy teacher passes")
                        .factory(p -> new UncertaintyAwareMeanTeacher(w(p), start(p), end(p), p.getDouble("ema_decay"),
                                iterValid(p), p.getInt("uamt_mcdroput_n")))
                        .build(),
                ComponentSpec.builder(ComponentKind.METHOD, CrossPseudoSupervision.NAME)
                        .doc("Cross pseudo supervision (Chen et al. 2021): two networks teach each other.")
                        .param(REGULARIZE_W).param(RAMPUP_START).param(RAMPUP_END)
                        .factory(p -> new CrossPseudoSupervision(w(p), start(p), end(p)))
                        .build(),
                ComponentSpec.builder(ComponentKind.METHOD, TotalVariation.NAME)
                        .doc("Weakly supervised: partial loss + total-variation regulariser of the softmax.")
                        .param(REGULARIZE_W).param(RAMPUP_START).param(RAMPUP_END)
                        .factory(p -> new TotalVariation(w(p), start(p), end(p)))
                        .build(),
                ComponentSpec.builder(ComponentKind.METHOD, WeakEntropyMinimization.NAME)
                        .doc("Weakly supervised: partial loss + entropy of the softmax on the annotated batch.")
                        .param(REGULARIZE_W).param(RAMPUP_START).param(RAMPUP_END)
                        .factory(p -> new WeakEntropyMinimization(w(p), start(p), end(p)))
                        .build(),
                ComponentSpec.builder(ComponentKind.METHOD, CoTeaching.NAME)
                        .doc("Co-teaching (Han et al. 2018): two networks exchange their small-loss pixels.")
                        .required("co_teaching_select_ratio", ParamType.FLOAT,
                                "fraction of pixels kept once the forget rate is ramped up")
                        .param(RAMPUP_START).param(RAMPUP_END)
                        .factory(p -> new CoTeaching(p.getDouble("co_teaching_select_ratio"), start(p), end(p)))
                        .build());
    }

    private static double w(Params p) {
        return p.getDouble("regularize_w");
    }

    private static int start(Params p) {
        return p.getInt("rampup_start", 0);
    }

    private static Integer end(Params p) {
        return p.has("rampup_end") ? p.getInt("rampup_end") : null;
    }

    private static int iterValid(Params p) {
        return p.has("iter_valid") ? p.getInt("iter_valid") : DEFAULT_ITER_VALID;
    }
}
