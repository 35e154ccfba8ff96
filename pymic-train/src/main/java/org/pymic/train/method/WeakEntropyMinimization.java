package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import org.pymic.loss.EntropyLoss;

/**
 * Weakly supervised Entropy Minimization (Grandvalet and Bengio, "Semi-supervised Learning by Entropy
 * Minimization", NeurIPS 2005), as PyMIC's {@code WSLEntropyMinimization} (method name
 * {@code EntropyMinimization} in {@code [weakly_supervised_learning]}):
 * {@code L = L_sup(p, y_partial) + regularize_w * rampup(it) * H(softmax(p))} on the scribble-annotated
 * batch, with {@code H} the mean normalised entropy of {@link EntropyLoss}. Unlike the semi-supervised
 * {@link EntropyMinimization} it needs no unlabelled images: the unannotated pixels of each image are
 * the ones the entropy term acts on. Registered as {@code WSLEntropyMinimization} because the
 * registry has one name space per kind and {@code EntropyMinimization} is the semi-supervised method.
 */
public final class WeakEntropyMinimization extends WeakRegularization {
    public static final String NAME = "WSLEntropyMinimization";
    private final EntropyLoss entropy = new EntropyLoss(true);

    /**
     * @param rampupEnd null for {@code iter_max}
     */
    public WeakEntropyMinimization(double regularizeW, int rampupStart, Integer rampupEnd) {
        super(regularizeW, rampupStart, rampupEnd);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    NDArray regularizer(NDArray logits) {
        return entropy.compute(logits);
    }
}
