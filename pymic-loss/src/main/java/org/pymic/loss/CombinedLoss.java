package org.pymic.loss;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.pymic.net.NetOutput;

/**
 * Weighted sum of losses, {@code L = sum_i w_i L_i}, built from {@code loss_type = [A, B]} and
 * {@code loss_weight = [wa, wb]} in {@code [training]} (PyMIC's combined loss, e.g. Dice + CE).
 */
public final class CombinedLoss implements SegLoss {
    private final List<SegLoss> losses;
    private final double[] weights;

    public CombinedLoss(List<SegLoss> losses, double[] weights) {
        if (losses.isEmpty() || losses.size() != weights.length) {
            throw org.pymic.core.error.PymicException.config("loss_weight needs one value per loss_type entry ("
                    + losses.size() + "), got " + weights.length);
        }
        this.losses = List.copyOf(losses);
        this.weights = weights.clone();
    }

    public List<SegLoss> losses() {
        return losses;
    }

    public double[] weights() {
        return weights.clone();
    }

    @Override
    public NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight) {
        NDArray sum = null;
        for (int i = 0; i < losses.size(); i++) {
            NDArray term = Scalars.mul(losses.get(i).compute(logits, target, pixelWeight), weights[i]);
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    /** Each term sees the whole input, so an image-aware loss keeps its image inside a combination. */
    @Override
    public NDArray compute(LossInput in) {
        NDArray sum = null;
        for (int i = 0; i < losses.size(); i++) {
            NDArray term = Scalars.mul(losses.get(i).compute(in), weights[i]);
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    @Override
    public NDArray compute(NetOutput outputs, NDArray target, NDArray pixelWeight) {
        return compute(new LossInput(null, outputs, target, pixelWeight));
    }

    @Override
    public String name() {
        StringBuilder b = new StringBuilder("CombinedLoss[");
        for (int i = 0; i < losses.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(weights[i]).append('*').append(losses.get(i).name());
        }
        return b.append(']').toString();
    }
}
