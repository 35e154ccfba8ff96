package org.pymic.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.net.NetOutput;

/**
 * Deep supervision: a base loss applied to every output of a multiscale network,
 * {@code L = sum_i w_i L(pred_i, y_i) / sum_i w_i} ({@code deep_supervise_weight}, 1 each when absent).
 * Where an output is smaller than the target, the target (and the pixel weight) is down-sampled to
 * the output's size, as PyMIC's {@code deep_supervise_mode}:
 * <ul>
 * <li>2 (default): adaptive average pooling, i.e. the mean of each {@code f x f (x f)} block;</li>
 * <li>1: linear interpolation with {@code align_corners = False}: for an integer factor {@code f} the
 * sample at {@code f*i + (f-1)/2}, i.e. the middle pixel of each block (f odd) or the mean of the
 * two middle pixels (f even), per axis;</li>
 * <li>0 (up-sample the prediction) is not implemented.</li>
 * </ul>
 * Sizes must be integer multiples of the output's sizes.
 */
public final class DeepSuperviseLoss implements SegLoss {
    private final SegLoss base;
    private final double[] weights;
    private final int mode;

    /**
     * @param base loss applied at each scale
     * @param weights weight per output, or null for 1 each
     * @param mode 1 (interpolation) or 2 (average pooling)
     */
    public DeepSuperviseLoss(SegLoss base, double[] weights, int mode) {
        if (mode == 0) {
            throw new PymicException(ExitCode.NOT_IMPLEMENTED,
                    "deep_supervise_mode = 0 (up-sampling predictions) is not implemented; use 1 or 2");
        }
        if (mode != 1 && mode != 2) {
            throw PymicException.config("deep_supervise_mode must be 0, 1 or 2, got " + mode);
        }
        this.base = base;
        this.weights = weights == null ? null : weights.clone();
        this.mode = mode;
    }

    public SegLoss base() {
        return base;
    }

    /** A single output is the main output alone. */
    @Override
    public NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight) {
        return compute(LossInput.of(logits, target, pixelWeight));
    }

    /** The main logits followed by the deep-supervision scales, in that order. */
    public NDArray compute(NDList mainThenScales, NDArray target, NDArray pixelWeight) {
        return compute(mainThenScales.stream().toList(), new LossInput(null, NetOutput.of(mainThenScales.head()),
                target, pixelWeight));
    }

    @Override
    public NDArray compute(NetOutput outputs, NDArray target, NDArray pixelWeight) {
        return compute(new LossInput(null, outputs, target, pixelWeight));
    }

    /** The main logits and the {@code SCALE} heads; auxiliary decoders and branches are not scales. */
    @Override
    public NDArray compute(LossInput in) {
        List<NDArray> preds = new ArrayList<>();
        preds.add(in.output().main());
        preds.addAll(in.output().scales());
        return compute(preds, in);
    }

    private NDArray compute(List<NDArray> outputs, LossInput in) {
        if (weights != null && weights.length != outputs.size()) {
            throw PymicException.config("deep_supervise_weight has " + weights.length
                    + " values but the network returns " + outputs.size() + " outputs (main and scales)");
        }
        NDArray sum = null;
        double wsum = 0;
        for (int i = 0; i < outputs.size(); i++) {
            NDArray pred = outputs.get(i);
            double w = weights == null ? 1.0 : weights[i];
            NDArray y = in.target() == null ? null : resample(in.target(), pred.getShape(), mode);
            NDArray pw = in.pixelWeight() == null ? null : resample(in.pixelWeight(), pred.getShape(), mode);
            NDArray img = in.image() == null ? null : resample(in.image(), pred.getShape(), 2);
            NDArray term = Scalars.mul(base.compute(new LossInput(img, NetOutput.of(pred), y, pw)), w);
            sum = sum == null ? term : sum.add(term);
            wsum += w;
        }
        return Scalars.div(sum, wsum);
    }

    /**
     * Down-samples {@code x} (N, C, spatial...) to the spatial size of {@code like} by integer
     * factors: mode 2 block means, mode 1 PyMIC's linear interpolation (see class doc).
     */
    public static NDArray resample(NDArray x, Shape like, int mode) {
        Shape s = x.getShape();
        if (s.dimension() != like.dimension()) {
            throw PymicException.data("deep supervision: output " + like + " and target " + s + " differ in rank");
        }
        NDArray out = x;
        for (int axis = 2; axis < s.dimension(); axis++) {
            long in = s.get(axis);
            long n = like.get(axis);
            if (in == n) {
                continue;
            }
            if (n <= 0 || in % n != 0) {
                throw PymicException.data("deep supervision: target size " + s + " is not an integer multiple of output "
                        + like + " along axis " + axis);
            }
            out = reduceAxis(out, axis, (int) (in / n), mode);
        }
        return out;
    }

    private static NDArray reduceAxis(NDArray x, int axis, int f, int mode) {
        Shape s = x.getShape();
        long[] dims = new long[s.dimension() + 1];
        for (int i = 0, j = 0; i < s.dimension(); i++) {
            if (i == axis) {
                dims[j++] = s.get(i) / f;
                dims[j++] = f;
            } else {
                dims[j++] = s.get(i);
            }
        }
        NDArray r = x.reshape(new Shape(dims));
        if (mode == 2) {
            return r.mean(new int[] {axis + 1});
        }
        int lo = (f - 1) / 2;
        int hi = f / 2;
        StringBuilder idx = new StringBuilder();
        for (int i = 0; i <= axis; i++) {
            idx.append(":, ");
        }
        idx.append(lo).append(':').append(hi + 1);
        return r.get(new NDIndex(idx.toString())).mean(new int[] {axis + 1});
    }

    @Override
    public String name() {
        return "DeepSupervise[" + base.name() + "]";
    }
}
