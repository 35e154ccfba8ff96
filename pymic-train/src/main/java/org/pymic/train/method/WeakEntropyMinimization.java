package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.loss.LossInput;
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
    public static final ComponentSpec SPEC = RegularWeight.declare(ComponentSpec.builder(ComponentKind.METHOD, NAME)
            .doc("Weakly supervised: partial loss + entropy of the softmax on the annotated batch."), 0.1)
            .factory(p -> new WeakEntropyMinimization(RegularWeight.from(p))).build();
    private final EntropyLoss entropy = new EntropyLoss(true);

    /**
     * @param rampupEnd null for {@code iter_max}
     */
    public WeakEntropyMinimization(double regularizeW, int rampupStart, Integer rampupEnd) {
        this(new RegularWeight(regularizeW, rampupStart, rampupEnd));
    }

    public WeakEntropyMinimization(RegularWeight weight) {
        super(weight);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    NDArray regularizer(LossInput in) {
        return entropy.compute(in);
    }
}
