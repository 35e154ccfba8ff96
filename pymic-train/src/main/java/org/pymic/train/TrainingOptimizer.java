package org.pymic.train;

/**
 * What the training loop needs of the optimiser and learning-rate schedule of one network: apply the
 * accumulated gradients (and zero them), report the learning rate, advance the schedule, and save and
 * restore their state for exact resume. {@link NetworkOptimizer} implements it with
 * {@code org.pymic.train.optim}.
 */
public interface TrainingOptimizer {

    /**
     * Updates the parameters from their gradients and zeroes the gradients.
     *
     * @param iteration iterations completed before this step
     */
    void step(int iteration);

    /** The learning rate of the latest (or next) step. */
    double learningRate();

    /** Called after each iteration ({@code iteration} = iterations done). */
    default void afterIteration(int iteration) {
    }

    /** Called after each validation round with the mean foreground Dice (for ReduceLROnPlateau). */
    default void afterValidation(int iteration, double validScore) {
    }

    /** The state held in engine arrays, which live on the parameters' device and manager. */
    default java.util.List<ai.djl.ndarray.NDArray> engineState() {
        return java.util.List.of();
    }

    /** Optimiser and schedule state (moments, step counts, schedule position). */
    byte[] saveState();

    void loadState(byte[] state);
}
