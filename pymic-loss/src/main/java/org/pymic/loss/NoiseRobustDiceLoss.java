package org.pymic.loss;

import ai.djl.ndarray.NDArray;

/**
 * Noise-robust Dice loss (Wang et al., A Noise-Robust Framework for Automatic Segmentation of
 * COVID-19 Pneumonia Lesions from CT Images, IEEE TMI 2020): per class
 * {@code L_k = sum |p_k - y_k|^gamma / (sum (p_k + y_k) + 1e-5)} over batch and pixels, averaged over
 * classes; {@code gamma} in [1, 2] ({@code noiserobustdiceloss_gamma}); gamma = 2 is the Dice loss up to
 * a constant, gamma = 1 is robust like the MAE. With a {@code pixel_weight} column both sums are weighted
 * per pixel (as pymic's Dice loss weights them); PyMIC's version ignores pixel weights.
 */
public final class NoiseRobustDiceLoss implements SegLoss {
    private final boolean softmax;
    private final double gamma;

    public NoiseRobustDiceLoss(boolean softmax, double gamma) {
        this.softmax = softmax;
        this.gamma = gamma;
    }

    @Override
    public NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight) {
        LossOps.checkShapes(name(), logits, target, pixelWeight);
        NDArray p = LossOps.probabilities(logits, softmax);
        int[] axes = LossOps.allButClassAxis(p.getShape().dimension());
        NDArray num = Scalars.pow(p.sub(target).abs(), gamma);
        NDArray den = p.add(target);
        if (pixelWeight != null) {
            num = num.mul(pixelWeight);
            den = den.mul(pixelWeight);
        }
        return num.sum(axes).div(den.sum(axes).add(1e-5)).mean();
    }

    @Override
    public String name() {
        return "NoiseRobustDiceLoss";
    }
}
