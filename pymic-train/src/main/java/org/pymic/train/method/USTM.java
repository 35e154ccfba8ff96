package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.net.NetOutput;

/**
 * Uncertainty-aware self-ensembling with a transformation-consistent mean teacher for scribbles (Liu et
 * al., "Weakly Supervised Segmentation of COVID19 Infection with Scribble Annotation on CT Images",
 * Pattern Recognition 2022), as PyMIC's {@code WSLUSTM} (method name {@code USTM} in
 * {@code [weakly_supervised_learning]}). The student {@code net} sees the scribbled images plus noise
 * {@code clip(N(0, 0.1^2), -0.2, 0.2)} and learns the partial loss; the teacher {@code net_ema} sees the
 * same images turned by {@code r} quarter turns in the H x W plane ({@code r} uniform in 0..3, drawn
 * each step) plus fresh noise, and the consistency asks the turned student softmax to match it on the
 * pixels where the teacher is certain ({@link UncertaintyAwareMeanTeacher#certainMask}, from
 * {@code ustm_mcdroput_n} noisy teacher passes in training mode, so with dropout active):
 * <pre>
 *   L = L_sup(s, y_partial) + regularize_w * rampup(it) * sum(mask * (rot_r(softmax(s)) - softmax(t))^2) / (2 sum(mask))
 * </pre>
 * After each optimiser step the teacher is the EMA of the student ({@link EmaTeacher}, {@code ema_decay});
 * PyMIC's update discards the student term as in its Mean Teacher ({@link MeanTeacher}), pymic's does not.
 * The student predicts at inference.
 */
public final class USTM implements StudentTeacher {
    public static final String NAME = "USTM";
    public static final ComponentSpec SPEC = RegularWeight.declare(ComponentSpec.builder(ComponentKind.METHOD, NAME)
            .doc("Weakly supervised: mean teacher on quarter-turned noisy views, consistency on the pixels where the"
                    + " Monte-Carlo teacher is certain (Liu et al. 2022)."), 0.1)
            .param(MeanTeacher.EMA_DECAY)
            .optional("ustm_mcdroput_n", ParamType.INT, 8, "number of noisy teacher passes for the uncertainty")
            .factory(p -> new USTM(RegularWeight.from(p), p.getDouble("ema_decay"), MeanTeacher.emaWarmup(p),
                    p.getInt("ustm_mcdroput_n")))
            .build();

    private final RegularWeight weight;
    private final double emaDecay;
    private final int emaWarmup;
    private final int passes;

    /**
     * @param emaWarmup the decay warm-up period, PyMIC's {@code [training] iter_valid}
     * @param passes {@code ustm_mcdroput_n}
     */
    public USTM(RegularWeight weight, double emaDecay, int emaWarmup, int passes) {
        if (passes < 1) {
            throw PymicException.config("ustm_mcdroput_n must be >= 1, got " + passes);
        }
        this.weight = weight;
        this.emaDecay = emaDecay;
        this.emaWarmup = emaWarmup;
        this.passes = passes;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@code x} turned by {@code turns} quarter turns in its last two axes, as {@code torch.rot90(x, turns, [-2, -1])}. */
    static NDArray rot90(NDArray x, int turns) {
        int d = x.getShape().dimension();
        return turns % 4 == 0 ? x : x.rotate90(turns, new int[] {d - 2, d - 1});
    }

    @Override
    public NDArray loss(StepContext ctx) {
        NDArray x = ctx.image();
        NetOutput out = ctx.forward(MeanTeacher.STUDENT, MeanTeacher.noisy(ctx, x));
        NDArray lSup = ctx.supervisedLoss(out);
        int turns = Math.min(3, (int) Math.floor(ctx.manager().randomUniform(0f, 4f, new Shape(1)).getFloat(0)));
        NDArray turned = rot90(x, turns);
        NDArray teacher = MeanTeacher.teacherProbability(ctx, MeanTeacher.noisy(ctx, turned));
        NDArray squareError = rot90(out.main().softmax(1), turns).sub(teacher).square();
        double rampup = weight.rampup(ctx);
        NDArray mask = UncertaintyAwareMeanTeacher.certainMask(ctx, turned, teacher, passes, rampup);
        NDArray lReg = UncertaintyAwareMeanTeacher.maskedSquareError(squareError, mask);
        double w = weight.regularizeW() * rampup;
        return ctx.regularizedLoss(lSup, lReg, w);
    }

    @Override
    public void afterOptimizerStep(StepContext ctx) {
        double alpha = EmaTeacher.decay(ctx.iteration(), emaWarmup, emaDecay);
        EmaTeacher.update(ctx.network(MeanTeacher.TEACHER), ctx.network(MeanTeacher.STUDENT), alpha);
        ctx.record("ema_decay", alpha);
    }
}
