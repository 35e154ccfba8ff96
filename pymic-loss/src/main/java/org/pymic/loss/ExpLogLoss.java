package org.pymic.loss;

import ai.djl.ndarray.NDArray;
import org.pymic.core.error.PymicException;

/**
 * Exponential logarithmic loss (Wong et al., 3D Segmentation with Exponential Logarithmic Loss for
 * Highly Unbalanced Object Sizes, MICCAI 2018), as PyMIC computes it:
 * <ul>
 * <li>{@code L_dice = mean_k (-log(0.01 + 0.98 D_k))^gamma}, {@code D_k} the soft Dice of class k
 * (see {@link DiceLoss#classwiseDice});</li>
 * <li>{@code L_ce = mean_x sum_k y_k w_k (-log(0.01 + 0.98 p_k))^gamma} with class weights
 * {@code w_k = (1 / (f_k + 0.1))^0.5}, {@code f_k} the mean of {@code y_k} over the batch;</li>
 * <li>{@code L = w_dice * L_dice + (1 - w_dice) * L_ce}.</li>
 * </ul>
 * Keys {@code explogloss_w_dice} and {@code explogloss_gamma}. Pixel weights are not defined for
 * this loss and are refused.
 */
public final class ExpLogLoss implements SegLoss {
    private final boolean softmax;
    private final double wDice;
    private final double gamma;

    public ExpLogLoss(boolean softmax, double wDice, double gamma) {
        this.softmax = softmax;
        this.wDice = wDice;
        this.gamma = gamma;
    }

    @Override
    public NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight) {
        if (pixelWeight != null) {
            throw PymicException.config("ExpLogLoss does not take pixel weights (partial or weighted labels); "
                    + "use CrossEntropyLoss or DiceLoss");
        }
        LossOps.checkShapes(name(), logits, target, null);
        NDArray p = LossOps.probabilities(logits, softmax);
        NDArray dice = Scalars.mul(DiceLoss.classwiseDice(p, target, null), 0.98).add(0.01);
        NDArray expDice = Scalars.pow(dice.log().neg(), gamma).mean();

        int[] axes = LossOps.allButClassAxis(p.getShape().dimension());
        long pixels = target.size() / target.getShape().get(1);
        NDArray freq = Scalars.div(target.sum(axes, true), pixels);
        NDArray wc = Scalars.pow(freq.add(0.1), -0.5);
        NDArray ce = Scalars.pow(Scalars.mul(p, 0.98).add(0.01).log().neg(), gamma).mul(wc);
        NDArray expCe = target.mul(ce).sum(new int[] {1}).mean();
        return Scalars.mul(expDice, wDice).add(Scalars.mul(expCe, 1.0 - wDice));
    }

    @Override
    public String name() {
        return "ExpLogLoss";
    }
}
