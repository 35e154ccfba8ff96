package org.pymic.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Total-variation regulariser of a segmentation (PyMIC's {@code TotalVariationLoss}, used by the weakly
 * supervised method TotalVariation): a soft contour length of the class probability maps. With
 * {@code q = 0.999 p + 5e-4} (PyMIC's stabilised softmax), a grey-level erosion {@code e = min_{3x3} q}
 * (3x3x3 for volumes, stride 1, borders not padded) and the opening {@code o = max_{3x3} e}, the loss is
 * {@code mean(relu(o - e))} over classes and pixels. It is zero for maps that are constant on 3x3
 * neighbourhoods and grows with the length of class boundaries, so it favours compact, smooth regions.
 *
 * <p>The pooling window follows the map's dimension (2D maps use 3x3). PyMIC's code intends the same but
 * compares a list with an integer and so always pools in 3D, which for (N, C, H, W) maps also pools over
 * the class axis; pymic keeps the evident intent. The target is ignored (may be null); a pixel weight
 * (N, 1, ...) turns the mean over pixels into a weighted mean.
 */
public final class TotalVariationLoss implements SegLoss {
    private final boolean softmax;

    public TotalVariationLoss(boolean softmax) {
        this.softmax = softmax;
    }

    public TotalVariationLoss() {
        this(true);
    }

    /** The loss of logits alone. */
    public NDArray compute(NDArray logits) {
        return compute(logits, null, null);
    }

    @Override
    public NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight) {
        LossOps.checkShapes(name(), logits, null, pixelWeight);
        int spatial = logits.getShape().dimension() - 2;
        if (spatial != 2 && spatial != 3) {
            throw org.pymic.core.error.PymicException.data(name() + ": expected (N, C, H, W) or (N, C, D, H, W), got "
                    + logits.getShape());
        }
        NDArray q = LossOps.stable(LossOps.probabilities(logits, softmax));
        NDArray eroded = maxPool(q.neg(), spatial).neg();
        NDArray opened = maxPool(eroded, spatial);
        NDArray contour = Scalars.maximum(opened.sub(eroded), 0);
        if (pixelWeight == null) {
            return contour.mean();
        }
        return LossOps.weightedMean(contour.mean(new int[] {1}), pixelWeight);
    }

    /** Max pooling with a window of 3 per spatial axis, stride 1, padding 1 (padded values never win). */
    static NDArray maxPool(NDArray x, int spatial) {
        long[] k = new long[spatial];
        long[] s = new long[spatial];
        java.util.Arrays.fill(k, 3);
        java.util.Arrays.fill(s, 1);
        return x.getNDArrayInternal().maxPool(new Shape(k), new Shape(s), new Shape(s), false);
    }

    @Override
    public String name() {
        return "TotalVariationLoss";
    }
}
