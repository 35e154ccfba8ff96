package org.pymic.train.optim;

import ai.djl.nn.Parameter;
import java.util.List;

/**
 * A gradient-descent optimiser of our own (DJL's native optimisers lack Nesterov momentum and
 * saved state). {@link #step} updates every parameter that has a gradient in place, with PyTorch's
 * {@code torch.optim} formulas, then zeroes its gradient, so gradients never accumulate across
 * steps. Parameters without a gradient (never reached by a backward pass) are skipped, as PyTorch
 * skips parameters whose {@code grad} is None.
 *
 * <p>State (moments, momentum buffers, step counts) is kept per parameter in list order and can be
 * taken with {@link #state()} and restored with {@link #load} for an exact resume: pass the same
 * parameters in the same order on every step.
 */
public interface Optimizer {

    /**
     * One update of every parameter with a gradient, then zeroes the gradients.
     *
     * @param params the parameters, in the same order on every call
     * @param lr learning rate of this step (from the {@link LrScheduler})
     */
    void step(List<Parameter> params, double lr);

    /** A copy of the state, for checkpoints. */
    OptimizerState state();

    /** Restores a state taken with {@link #state()} from an optimiser of the same kind. */
    void load(OptimizerState state);

    /** The state this optimiser holds in engine arrays (on the parameters' device and manager). */
    default List<ai.djl.ndarray.NDArray> engineState() {
        return List.of();
    }

    /** The name in configs ({@code [training] optimizer}). */
    String name();
}
