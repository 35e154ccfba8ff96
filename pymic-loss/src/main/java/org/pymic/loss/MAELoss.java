package org.pymic.loss;

import ai.djl.ndarray.NDArray;

/**
 * Mean absolute error between class probabilities and a soft target (PyMIC's {@code MAELoss}), a loss
 * that is robust to label noise because it is bounded (Ghosh et al., Robust Loss Functions under Label
 * Noise for Deep Neural Networks, AAAI 2017). With {@code p = softmax(logits)} (or the input itself with
 * {@code loss_softmax = False}) and {@code e = |p - y|} per class and pixel, as in PyMIC:
 * <pre>
 *   L = mean over all N*K*pixels of e                       without pixel weight
 *   L = sum_{pixels} w sum_k e / sum_{pixels} w             with a pixel weight w (N,1,...)
 * </pre>
 * The weighted form sums the classes where the plain form averages them (a factor K between the two
 * on a weight of ones), and it divides by {@code sum(w)} without smoothing; both are PyMIC's.
 */
public final class MAELoss implements SegLoss {
    private final boolean softmax;

    public MAELoss(boolean softmax) {
        this.softmax = softmax;
    }

    @Override
    public NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight) {
        LossOps.checkShapes(name(), logits, target, pixelWeight);
        NDArray e = LossOps.probabilities(logits, softmax).sub(target).abs();
        if (pixelWeight == null) {
            return e.mean();
        }
        return e.mul(pixelWeight).sum().div(pixelWeight.sum());
    }

    @Override
    public String name() {
        return "MAELoss";
    }
}
