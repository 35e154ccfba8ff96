package org.pymic.train.method;

import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.core.registry.Params;

/**
 * The weight of an unsupervised or regularisation term, {@code regularize_w * rampup(it)}, with PyMIC's
 * sigmoid ramp-up from {@code rampup_start} (default 0) to {@code rampup_end} (default {@code iter_max}),
 * as every PyMIC semi- and weakly supervised agent reads it. Declared once here; a method adds
 * {@link #declare} to its spec and reads {@link #from}.
 *
 * @param rampupEnd null for {@code iter_max}
 */
public record RegularWeight(double regularizeW, int rampupStart, Integer rampupEnd) {
    public static final ParamSpec REGULARIZE_W = ParamSpec.optional("regularize_w", ParamType.FLOAT, 0.1,
            "weight of the unsupervised / regularisation loss after the ramp-up");
    public static final ParamSpec RAMPUP_START = ParamSpec.optional("rampup_start", ParamType.INT, 0,
            "iteration where the sigmoid ramp-up of the weight starts");
    public static final ParamSpec RAMPUP_END = ParamSpec.optional("rampup_end", ParamType.INT, null,
            "iteration where the ramp-up ends (None: iter_max)");

    /** Adds {@code regularize_w} (default {@code defaultW}), {@code rampup_start} and {@code rampup_end}. */
    public static ComponentSpec.Builder declare(ComponentSpec.Builder b, double defaultW) {
        ParamSpec w = defaultW == 0.1 ? REGULARIZE_W : ParamSpec.optional("regularize_w", ParamType.FLOAT, defaultW,
                REGULARIZE_W.doc());
        return b.param(w).param(RAMPUP_START).param(RAMPUP_END);
    }

    /** Adds the ramp-up keys only (methods whose ramp-up drives something else than a weight). */
    public static ComponentSpec.Builder declareRampup(ComponentSpec.Builder b) {
        return b.param(RAMPUP_START).param(RAMPUP_END);
    }

    /** The weight declared by {@link #declare}, read from resolved parameters. */
    public static RegularWeight from(Params p) {
        return new RegularWeight(p.has("regularize_w") ? p.getDouble("regularize_w") : 0.1, start(p), end(p));
    }

    static int start(Params p) {
        return p.getInt("rampup_start", 0);
    }

    static Integer end(Params p) {
        return p.has("rampup_end") ? p.getInt("rampup_end") : null;
    }

    /** The ramp-up ratio at this step. */
    public double rampup(StepContext ctx) {
        return ctx.sigmoidRampup(rampupStart, rampupEnd);
    }

    /** {@code regularize_w * rampup} at this step. */
    public double at(StepContext ctx) {
        return regularizeW * rampup(ctx);
    }
}
