package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.pymic.loss.MSELoss;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.core.registry.Params;
import org.pymic.net.NetOutput;

/**
 * Mean Teacher for semi-supervised segmentation (Tarvainen and Valpola, "Mean teachers are better role
 * models: Weight-averaged consistency targets improve semi-supervised deep learning results", NeurIPS
 * 2017), as PyMIC's {@code SSLMeanTeacher}. The student {@code net} sees labelled and unlabelled images
 * as one batch; the teacher {@code net_ema} (same architecture, never trained) sees the unlabelled
 * images plus noise {@code clip(N(0, 0.1^2), -0.2, 0.2)}, outside the gradient. The loss is
 * <pre>
 *   L = L_sup(p_labelled, y) + regularize_w * rampup(it) * mean((softmax(s_u) - softmax(t_u))^2)
 * </pre>
 * with PyMIC's sigmoid ramp-up between {@code rampup_start} and {@code rampup_end} (default
 * {@code iter_max}). After each optimiser step the teacher is the EMA of the student ({@link EmaTeacher},
 * {@code ema_decay}, warm-up over {@code iter_valid} iterations). The student predicts at inference.
 *
 * <p>The teacher update is in place ({@code theta_t <- alpha theta_t + (1 - alpha) theta_s}). PyMIC's
 * {@code ssl_mt.py} writes {@code ema_param.data.mul_(alpha).add(param.data, alpha = 1 - alpha)}: the
 * multiplication is in place but the addition is not and its result is discarded, so PyMIC's teacher
 * never learns from the student and only shrinks by {@code alpha} each step; pymic's teacher is the
 * moving average the paper defines.
 */
public class MeanTeacher implements StudentTeacher {
    public static final String NAME = "MeanTeacher";
    /** Name of the student network (checkpoint entry, optimiser). */
    public static final String STUDENT = "net";
    /** Name of the EMA teacher network. */
    public static final String TEACHER = "net_ema";
    /** Standard deviation of the teacher's input noise. */
    public static final double NOISE_STD = 0.1;
    /** Clip bound of the teacher's input noise. */
    public static final double NOISE_CLIP = 0.2;

    static final ParamSpec EMA_DECAY = ParamSpec.optional("ema_decay", ParamType.FLOAT, 0.99,
            "upper bound of the teacher's EMA decay");
    public static final ComponentSpec SPEC = RegularWeight.declare(ComponentSpec.builder(ComponentKind.METHOD, NAME)
            .doc("Mean Teacher (Tarvainen and Valpola 2017): EMA teacher, softmax MSE consistency. The teacher is"
                    + " the moving average of the student; PyMIC's (ssl_mt.py: mul_(alpha).add(...)) discards the student"
                    + " term and only shrinks."), 0.1)
            .param(EMA_DECAY)
            .factory(p -> new MeanTeacher(RegularWeight.from(p), p.getDouble("ema_decay"), emaWarmup(p))).build();

    private final RegularWeight weight;
    private final double emaDecay;
    private final int emaWarmup;
    private final MSELoss mse = new MSELoss(true);

    /**
     * @param rampupEnd null for {@code iter_max}
     * @param emaWarmup the decay warm-up period, PyMIC's {@code [training] iter_valid}
     */
    public MeanTeacher(double regularizeW, int rampupStart, Integer rampupEnd, double emaDecay, int emaWarmup) {
        this(new RegularWeight(regularizeW, rampupStart, rampupEnd), emaDecay, emaWarmup);
    }

    public MeanTeacher(RegularWeight weight, double emaDecay, int emaWarmup) {
        this.weight = weight;
        this.emaDecay = emaDecay;
        this.emaWarmup = emaWarmup;
    }

    /** PyMIC's EMA warm-up period, {@code [training] iter_valid}, which the run passes along with the section. */
    static int emaWarmup(Params p) {
        return p.has("iter_valid") ? p.getInt("iter_valid") : MethodProvider.DEFAULT_ITER_VALID;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<StreamSpec> streams() {
        return StreamSpec.SEMI_SUPERVISED;
    }

    /** The sigmoid ramp-up ratio at this step. */
    protected double rampup(StepContext ctx) {
        return weight.rampup(ctx);
    }

    /** The regularisation weight at this step, {@code regularize_w * rampup}. */
    public double regularWeight(StepContext ctx) {
        return weight.at(ctx);
    }

    /** EMA decay applied after the optimiser step of this iteration. */
    public double decay(int iteration) {
        return EmaTeacher.decay(iteration, emaWarmup, emaDecay);
    }

    /** {@code x + clip(N(0, 0.1^2), -0.2, 0.2)}, drawn from the engine's seeded generator. */
    protected static NDArray noisy(StepContext ctx, NDArray x) {
        NDArray noise = ctx.manager().randomNormal(0f, (float) NOISE_STD, x.getShape(), x.getDataType());
        return x.add(noise.clip(-NOISE_CLIP, NOISE_CLIP));
    }

    /** Teacher softmax of {@code input}, detached (the teacher's parameters require no gradient). */
    protected static NDArray teacherProbability(StepContext ctx, NDArray input) {
        EmaTeacher.freeze(ctx.network(TEACHER));
        return ctx.forward(TEACHER, input, true).main().softmax(1).stopGradient();
    }

    /**
     * The unsupervised term on the unlabelled part: MSE between the student's softmax and the teacher's
     * softmax of the noisy unlabelled images.
     */
    protected NDArray consistency(StepContext ctx, NDArray studentLogits, NDArray unlabelled) {
        NDArray target = teacherProbability(ctx, noisy(ctx, unlabelled));
        return mse.compute(studentLogits, target, null);
    }

    @Override
    public NDArray loss(StepContext ctx) {
        NDArray x0 = ctx.image();
        NDArray x1 = ctx.unlabelledImage();
        long n0 = x0.getShape().get(0);
        NetOutput out = ctx.forward(STUDENT, x0.concat(x1, 0));
        NDArray lSup = ctx.supervisedLoss(out.head(n0));
        NDArray lReg = consistency(ctx, out.tail(n0).main(), x1);
        double w = regularWeight(ctx);
        return ctx.regularizedLoss(lSup, lReg, w);
    }

    @Override
    public void afterOptimizerStep(StepContext ctx) {
        double alpha = decay(ctx.iteration());
        EmaTeacher.update(ctx.network(TEACHER), ctx.network(STUDENT), alpha);
        ctx.record("ema_decay", alpha);
    }
}
