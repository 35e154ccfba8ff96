package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import org.pymic.net.SegNetwork;

/**
 * A training method plugged into the one training loop ({@code org.pymic.train.SegmentationTrainer}).
 * The loop owns data loading, the gradient collector, optimisers, schedules, validation, checkpoints and
 * logging; a method only says what differs:
 * <ul>
 *   <li>which networks it holds ({@link #createNetworks}) and which of them learn and predict;</li>
 *   <li>whether it consumes the unlabelled stream;</li>
 *   <li>the loss of one step ({@link #loss}), computed inside the step's gradient collector;</li>
 *   <li>a hook after the optimiser step (EMA teachers, pseudo-label refresh...).</li>
 * </ul>
 * Methods are registered as {@code ComponentKind.METHOD} under PyMIC's {@code method_name}.
 */
public interface Method {

    /** PyMIC's method name. */
    String name();

    /**
     * Builds the networks this method holds, by name, in a fixed order (the order of checkpoint entries
     * and optimisers). Called once before training or inference.
     */
    Map<String, SegNetwork> createNetworks(NetworkFactory factory);

    /** Names of the networks that learn (get an optimiser); default: all. */
    default List<String> trainedNetworks(Map<String, SegNetwork> networks) {
        return List.copyOf(networks.keySet());
    }

    /** Names of the networks whose logits are averaged at validation and inference; default: the trained ones. */
    default List<String> inferenceNetworks(Map<String, SegNetwork> networks) {
        return trainedNetworks(networks);
    }

    /** True when each step needs a batch of unlabelled images. */
    boolean needsUnlabelled();

    /** The scalar loss of one step; record its terms with {@link StepContext#record}. */
    NDArray loss(StepContext ctx);

    /** Called after every optimiser has stepped, outside the gradient collector. */
    default void afterOptimizerStep(StepContext ctx) {
    }
}
