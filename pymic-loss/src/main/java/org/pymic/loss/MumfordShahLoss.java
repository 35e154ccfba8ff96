package org.pymic.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.Locale;
import java.util.List;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ParamSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.core.registry.Params;

/**
 * Piecewise-constant Mumford-Shah loss (Kim and Ye, "Mumford-Shah Loss Functional for Image Segmentation
 * With Deep Learning", IEEE TIP 2019), PyMIC's {@code MumfordShahLoss}: with {@code s = softmax(logits)}
 * and, per sample, class and image channel, the soft centroid {@code c_k = sum_p I(p) s_k(p) / sum_p s_k(p)},
 * <pre>
 *   L = ( sum_{n,ch,k,p} (I_ch(p) - c_k)^2 s_k(p) + lambda * sum_{n,k,p} (|s_k(p + y) - s_k(p)|^q + |s_k(p + x) - s_k(p)|^q) ) / numel(s)
 * </pre>
 * with {@code q = 1} for the {@code l1} length penalty and {@code q = 2} for {@code l2} (PyMIC's default
 * {@code l1}, {@code lambda} 1.0). Volumes are folded slice by slice into (N D, C, H, W), as PyMIC does.
 * PyMIC looks up {@code MumfordShahLoss_penalty} and {@code MumfordShahLoss_lambda} with their mixed
 * case in a section whose keys are lower-cased, so it always uses the defaults; pymic honours them.
 */
public final class MumfordShahLoss implements SegLoss {
    /** PyMIC's keys (lower-cased as config keys are) with its defaults, read by the loss and the method. */
    public static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.optional("mumfordshahloss_penalty", ParamType.STRING, "l1",
                    "length penalty of the prediction's gradient: l1 or l2"),
            ParamSpec.optional("mumfordshahloss_lambda", ParamType.FLOAT, 1.0, "weight lambda of the length term"));

    /** The loss (with softmax) of resolved parameters declaring {@link #PARAMS}. */
    public static MumfordShahLoss from(Params p, boolean softmax) {
        return new MumfordShahLoss(softmax, p.getString("mumfordshahloss_penalty", "l1"),
                p.getDouble("mumfordshahloss_lambda", 1.0));
    }

    private final boolean softmax;
    private final boolean l2;
    private final double lambda;

    public MumfordShahLoss(boolean softmax, String penalty, double lambda) {
        String pen = penalty.trim().toLowerCase(Locale.ROOT);
        if (!pen.equals("l1") && !pen.equals("l2")) {
            throw PymicException.config("MumfordShahLoss_penalty = '" + penalty + "': expected l1 or l2");
        }
        this.softmax = softmax;
        this.l2 = pen.equals("l2");
        this.lambda = lambda;
    }

    /** PyMIC's defaults: softmax, l1, lambda 1. */
    public MumfordShahLoss() {
        this(true, "l1", 1.0);
    }

    @Override
    public NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight) {
        throw PymicException.config(name() + " needs the network input: use it as a method's regulariser"
                + " (method_name = MumfordShah) or in [training] loss_type, where the step passes the image");
    }

    @Override
    public NDArray compute(LossInput in) {
        if (in.image() == null) {
            return compute(in.output().main(), null, null);
        }
        return compute(in.output().main(), in.image());
    }

    /** The loss of logits (N, K, [D,] H, W) on the network input (N, C, [D,] H, W). */
    public NDArray compute(NDArray logits, NDArray image) {
        NDArray s = LossOps.foldSlices(LossOps.probabilities(logits, softmax));
        NDArray img = LossOps.foldSlices(image);
        if (s.getShape().dimension() != 4 || img.getShape().get(0) != s.getShape().get(0)
                || !img.getShape().slice(2).equals(s.getShape().slice(2))) {
            throw PymicException.data(name() + ": prediction " + logits.getShape() + " and image " + image.getShape()
                    + " differ in batch or spatial size");
        }
        int[] spatial = {2, 3};
        NDArray mass = s.sum(spatial, true);
        NDArray level = null;
        for (long ch = 0; ch < img.getShape().get(1); ch++) {
            NDArray i = img.get(new NDIndex(":, {}:{}", ch, ch + 1)); // (N, 1, H, W), broadcast over classes
            NDArray centroid = i.mul(s).sum(spatial, true).div(mass);
            NDArray d = i.sub(centroid);
            NDArray term = d.mul(d).mul(s).sum();
            level = level == null ? term : level.add(term);
        }
        NDArray dh = s.get(new NDIndex(":, :, 1:, :")).sub(s.get(new NDIndex(":, :, :-1, :")));
        NDArray dw = s.get(new NDIndex(":, :, :, 1:")).sub(s.get(new NDIndex(":, :, :, :-1")));
        NDArray length = l2 ? dh.mul(dh).sum().add(dw.mul(dw).sum()) : dh.abs().sum().add(dw.abs().sum());
        return Scalars.div(level.add(Scalars.mul(length, lambda)), (double) s.size());
    }

    @Override
    public String name() {
        return "MumfordShahLoss";
    }
}
