package org.pymic.loss;

import ai.djl.ndarray.NDArray;

/**
 * Soft Dice loss averaged over classes (Milletari et al., V-Net, 3DV 2016), as PyMIC defines it:
 * per class {@code D_k = (2 * sum(w p_k y_k) + 1e-5) / (sum(w y_k) + sum(w p_k) + 1e-5)}, sums over the
 * whole batch and all pixels, {@code w} the pixel weight (1 when absent); the loss is
 * {@code mean_k(1 - D_k)}, or with class weights {@code c} the weighted mean
 * {@code sum_k c_k (1 - D_k) / sum_k c_k}.
 */
public final class DiceLoss implements SegLoss {
    /** Smoothing term of numerator and denominator (PyMIC's value). */
    public static final double SMOOTH = 1e-5;

    private final boolean softmax;
    private final double[] classWeight;

    public DiceLoss(boolean softmax, double[] classWeight) {
        this.softmax = softmax;
        this.classWeight = classWeight == null ? null : classWeight.clone();
    }

    public DiceLoss() {
        this(true, null);
    }

    /** Soft Dice per class, shape (K): the building block of Dice-based losses. */
    public static NDArray classwiseDice(NDArray prob, NDArray target, NDArray pixelWeight) {
        int[] axes = LossOps.allButClassAxis(prob.getShape().dimension());
        NDArray p = pixelWeight == null ? prob : prob.mul(pixelWeight);
        NDArray y = pixelWeight == null ? target : target.mul(pixelWeight);
        NDArray inter = p.mul(target).sum(axes);
        return Scalars.mul(inter, 2.0).add(SMOOTH).div(y.sum(axes).add(p.sum(axes)).add(SMOOTH));
    }

    @Override
    public NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight) {
        LossOps.checkShapes(name(), logits, target, pixelWeight);
        NDArray prob = LossOps.probabilities(logits, softmax);
        NDArray loss = classwiseDice(prob, target, pixelWeight).neg().add(1.0);
        if (classWeight == null) {
            return loss.mean();
        }
        NDArray c = LossOps.classWeights(logits, classWeight).flatten();
        return loss.mul(c).sum().div(c.sum());
    }

    @Override
    public String name() {
        return "DiceLoss";
    }
}
