package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.loss.Scalars;
import org.pymic.net.HeadKind;
import org.pymic.net.NetOutput;
import org.pymic.net.SegNetwork;

/**
 * Uncertainty Rectified Pyramid Consistency (Luo et al., "Efficient Semi-supervised Gross Target Volume of
 * Nasopharyngeal Carcinoma Segmentation via Uncertainty Rectified Pyramid Consistency", MICCAI 2021), as
 * PyMIC's {@code SSLURPC} (method name {@code URPC}). The network predicts at several scales
 * ({@code multiscale_pred = True}); labelled and unlabelled images go through it as one batch. The
 * supervised loss is the configured one on the labelled part (with {@code deep_supervise} it covers every
 * scale). On the unlabelled part each scale's softmax is up-sampled (nearest) to full size, with
 * {@code p_i = 0.99 softmax_i + 0.005} and {@code pbar} the same of the mean over scales:
 * <pre>
 *   v_i = sum_k pbar_k (log pbar_k - log p_ik)                 (KL divergence, per pixel)
 *   L_i = mean((pbar - p_i)^2 exp(-v_i)) / (mean(exp(-v_i)) + 1e-8) + mean(v_i)
 *   L = L_sup + regularize_w * rampup(it) * (1/S) sum_i L_i
 * </pre>
 * where the means run over every element (classes included for the squared error).
 */
public final class UncertaintyRectifiedPyramidConsistency implements Method {
    public static final String NAME = "URPC";
    public static final ComponentSpec SPEC = RegularWeight.declare(ComponentSpec.builder(ComponentKind.METHOD, NAME)
            .doc("Uncertainty rectified pyramid consistency (Luo et al. 2021) over multiscale predictions."), 0.1)
            .factory(p -> new UncertaintyRectifiedPyramidConsistency(RegularWeight.from(p))).build();
    private final RegularWeight weight;

    public UncertaintyRectifiedPyramidConsistency(RegularWeight weight) {
        this.weight = weight;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SegNetwork> createNetworks(NetworkFactory factory) {
        return Methods.withHeads(factory, HeadKind.SCALE, NAME,
                "predictions at several scales: set [network] multiscale_pred = True");
    }


    @Override
    public List<StreamSpec> streams() {
        return StreamSpec.SEMI_SUPERVISED;
    }

    /** Nearest up-sampling of {@code x} to the spatial size of {@code like} by integer factors per axis. */
    static NDArray upsampleNearest(NDArray x, Shape like) {
        Shape s = x.getShape();
        NDArray out = x;
        for (int axis = 2; axis < s.dimension(); axis++) {
            long f = like.get(axis) / s.get(axis);
            if (f * s.get(axis) != like.get(axis)) {
                throw new IllegalStateException("scale " + s + " does not divide " + like + " along axis " + axis);
            }
            if (f > 1) {
                out = out.repeat(axis, f);
            }
        }
        return out;
    }

    /** The pyramid consistency of the softmax outputs of one batch at every scale (main first). */
    public static NDArray pyramidConsistency(List<NDArray> logitsPerScale) {
        Shape full = logitsPerScale.get(0).getShape();
        List<NDArray> soft = new ArrayList<>();
        for (NDArray l : logitsPerScale) {
            soft.add(upsampleNearest(l.softmax(1), full));
        }
        NDArray mean = soft.get(0);
        for (int i = 1; i < soft.size(); i++) {
            mean = mean.add(soft.get(i));
        }
        NDArray avg = Scalars.mul(Scalars.div(mean, soft.size()), 0.99).add(0.005);
        NDArray logAvg = avg.log();
        NDArray total = null;
        for (NDArray si : soft) {
            NDArray pi = Scalars.mul(si, 0.99).add(0.005);
            NDArray v = avg.mul(logAvg.sub(pi.log())).sum(new int[] {1}, true);
            NDArray expV = v.neg().exp();
            NDArray li = avg.sub(pi).square().mul(expV).mean().div(expV.mean().add(1e-8)).add(v.mean());
            total = total == null ? li : total.add(li);
        }
        return Scalars.div(total, soft.size());
    }

    @Override
    public NDArray loss(StepContext ctx) {
        NDArray x0 = ctx.image();
        long n0 = x0.getShape().get(0);
        return RegularizedSum.of(ctx, weight.at(ctx), x0.concat(ctx.unlabelledImage(), 0), out -> {
            NetOutput u = out.tail(n0);
            List<NDArray> scales = new ArrayList<>();
            scales.add(u.main());
            scales.addAll(u.scales());
            return new NDArray[] {ctx.supervisedLoss(out.head(n0)), pyramidConsistency(scales)};
        });
    }
}
