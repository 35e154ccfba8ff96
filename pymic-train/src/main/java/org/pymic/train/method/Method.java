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
 *   <li>which networks it holds ({@link #createNetworks}), which of them learn and which predict;</li>
 *   <li>the data streams it reads each step ({@link #streams}: labelled, unlabelled, a second labelled
 *       stream of noisy labels, strong views...);</li>
 *   <li>the loss of one step ({@link #loss}) from those batches and the networks' typed outputs, computed
 *       inside the step's gradient collector;</li>
 *   <li>hooks: after the optimiser step (EMA teachers), every {@link #hookInterval} iterations and after
 *       each validation (pseudo-label refresh), with the datasets and the inferer ({@link RunContext});</li>
 *   <li>state of its own that goes into the checkpoint ({@link #saveState}, {@link #loadState});</li>
 *   <li>which checkpoint network initialises each of its networks ({@link #initSource}).</li>
 * </ul>
 * Methods are registered as {@code ComponentKind.METHOD} under PyMIC's {@code method_name}, each with one
 * declaration of its parameters ({@code SPEC} in the method's class).
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

    /** The streams each step reads, labelled first; default: the labelled stream alone. */
    default List<StreamSpec> streams() {
        return List.of(StreamSpec.LABELLED);
    }

    /** True when {@link #streams} includes the unlabelled stream. */
    default boolean needsUnlabelled() {
        return streams().stream().anyMatch(s -> s.name().equals(StreamSpec.UNLABELLED.name()));
    }

    /** The scalar loss of one step; record its terms with {@link StepContext#record}. */
    NDArray loss(StepContext ctx);

    /** Called after every optimiser has stepped, outside the gradient collector. */
    default void afterOptimizerStep(StepContext ctx) {
    }

    /** Iterations between calls of {@link #everyInterval}; 0 (default) for never. */
    default int hookInterval() {
        return 0;
    }

    /** Called every {@link #hookInterval} iterations, after the step, outside the gradient collector. */
    default void everyInterval(RunContext ctx) {
    }

    /** Called after each validation with the per-class validation Dice (empty without validation cases). */
    default void afterValidation(RunContext ctx, double[] classDice) {
    }

    /**
     * State beyond the networks, as named blobs, written into every checkpoint (key {@code method_<name>});
     * default: none.
     */
    default Map<String, byte[]> saveState() {
        return Map.of();
    }

    /** Restores {@link #saveState}'s blobs on resume, before the first step. */
    default void loadState(Map<String, byte[]> state) {
    }

    /**
     * The network of an initialisation checkpoint ({@code ckpt_init_mode = 0}) that initialises
     * {@code network}: the same name when the checkpoint has it, else its only network when it holds one
     * (a fully supervised {@code net} into MeanTeacher's {@code net} and {@code net_ema}, or into CPS's
     * {@code net1} and {@code net2}); null leaves the network as built.
     */
    default String initSource(String network, List<String> checkpointNetworks) {
        if (checkpointNetworks.contains(network)) {
            return network;
        }
        return checkpointNetworks.size() == 1 ? checkpointNetworks.get(0) : null;
    }
}
