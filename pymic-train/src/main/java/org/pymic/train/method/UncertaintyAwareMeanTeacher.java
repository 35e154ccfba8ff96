package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.loss.Scalars;

/**
 * Uncertainty-Aware Mean Teacher (Yu et al., "Uncertainty-aware Self-ensembling Model for
 * Semi-supervised 3D Left Atrium Segmentation", MICCAI 2019), as PyMIC's
 * {@code SSLUncertaintyAwareMeanTeacher} (method name {@code UAMT}). As {@link MeanTeacher}, but the
 * consistency only counts pixels where the teacher is confident: with {@code T = uamt_mcdroput_n}
 * noisy teacher passes (run as {@code T/2} passes of the doubled batch) and their mean softmax
 * {@code pbar}, the uncertainty is {@code u = -sum_k pbar_k log(pbar_k + 1e-6)} and
 * <pre>
 *   mask = [u &lt; (0.75 + 0.25 rampup(it)) ln K],
 *   L_reg = sum(mask * (softmax(s_u) - softmax(t_u))^2) / (2 sum(mask) + 1e-16)
 * </pre>
 * (the factor 2 and the sum over classes are PyMIC's). With an odd {@code T} the missing pass counts
 * as a uniform prediction, as in PyMIC.
 */
public final class UncertaintyAwareMeanTeacher extends MeanTeacher {
    public static final String NAME = "UAMT";
    public static final ComponentSpec SPEC = RegularWeight.declare(ComponentSpec.builder(ComponentKind.METHOD, NAME)
            .doc("Uncertainty-aware Mean Teacher (Yu et al. 2019): consistency on confident pixels."), 0.1)
            .param(EMA_DECAY)
            .optional("uamt_mcdroput_n", ParamType.INT, 8, "number of noisy teacher passes")
            .factory(p -> new UncertaintyAwareMeanTeacher(RegularWeight.from(p), p.getDouble("ema_decay"),
                    emaWarmup(p), p.getInt("uamt_mcdroput_n")))
            .build();
    private final int passes;

    /**
     * @param passes {@code uamt_mcdroput_n}, the number of teacher passes for the uncertainty
     */
    public UncertaintyAwareMeanTeacher(double regularizeW, int rampupStart, Integer rampupEnd, double emaDecay,
                                       int emaWarmup, int passes) {
        this(new RegularWeight(regularizeW, rampupStart, rampupEnd), emaDecay, emaWarmup, passes);
    }

    public UncertaintyAwareMeanTeacher(RegularWeight weight, double emaDecay, int emaWarmup, int passes) {
        super(weight, emaDecay, emaWarmup);
        if (passes < 1) {
            throw org.pymic.core.error.PymicException.config("uamt_mcdroput_n must be >= 1, got " + passes);
        }
        this.passes = passes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected NDArray consistency(StepContext ctx, NDArray studentLogits, NDArray unlabelled) {
        NDArray teacher = teacherProbability(ctx, noisy(ctx, unlabelled));
        NDArray squareError = studentLogits.softmax(1).sub(teacher).square();
        return maskedSquareError(squareError, certainMask(ctx, unlabelled, teacher, passes, rampup(ctx)));
    }

    /**
     * PyMIC's mask of the pixels where the teacher is certain: {@code passes} noisy teacher passes over
     * {@code input} (as {@code passes/2} passes of the doubled batch; with an odd count the missing pass
     * counts as a uniform prediction), their mean softmax {@code pbar} (shaped as {@code like}), and
     * {@code [-sum_k pbar_k log(pbar_k + 1e-6) < (0.75 + 0.25 rampup) ln K]}, shaped (N, 1, ...).
     * Records the certain fraction as {@code certain_ratio}.
     */
    static NDArray certainMask(StepContext ctx, NDArray input, NDArray like, int passes, double rampup) {
        Shape s = like.getShape();
        NDArray sum = null;
        NDArray doubled = input.concat(input, 0);
        for (int i = 0; i < passes / 2; i++) {
            NDArray p = teacherProbability(ctx, noisy(ctx, doubled));
            NDArray pair = p.reshape(new Shape(2).addAll(s)).sum(new int[] {0});
            sum = sum == null ? pair : sum.add(pair);
        }
        if (sum == null) {
            sum = like.zerosLike();
        }
        long k = s.get(1);
        int uniform = passes - 2 * (passes / 2);
        NDArray mean = uniform > 0 ? sum.add(uniform / (double) k) : sum;
        mean = Scalars.div(mean, passes);
        NDArray uncertainty = uncertainty(mean);
        double threshold = (0.75 + 0.25 * rampup) * Math.log(k);
        NDArray mask = uncertainty.lt(threshold).toType(mean.getDataType(), false);
        ctx.record("certain_ratio", mask.mean());
        return mask;
    }

    /** {@code sum(mask * squareError) / (2 sum(mask) + 1e-16)}: the factor 2 and the sum over classes are PyMIC's. */
    static NDArray maskedSquareError(NDArray squareError, NDArray mask) {
        return squareError.mul(mask).sum().div(Scalars.mul(mask.sum(), 2).add(1e-16));
    }

    /** The uncertainty map of a mean teacher prediction, {@code -sum_k p_k log(p_k + 1e-6)} (N, 1, ...). */
    public static NDArray uncertainty(NDArray meanProbability) {
        return meanProbability.mul(meanProbability.add(1e-6).log()).sum(new int[] {1}, true).neg();
    }
}
