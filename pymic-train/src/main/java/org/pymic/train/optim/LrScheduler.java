package org.pymic.train.optim;

/**
 * A learning-rate schedule. As in PyMIC, schedules advance once per validation round
 * ({@code iter_valid} iterations), not per iteration: PyMIC calls {@code scheduler.step()} after
 * each validation and divides its iteration keys ({@code lr_step}, {@code lr_milestones},
 * {@code iter_max}, {@code ReduceLROnPlateau_patience}) by {@code iter_valid}.
 *
 * <p>Use: before each training iteration ask {@link #lr(int)} with the number of iterations done so
 * far; after each validation call {@link #onValidation(int, double)} with the iteration count and
 * the validation score (average foreground Dice). Epoch-based schedules are pure functions of the
 * iteration; {@link ReduceLROnPlateau} keeps state, saved with {@link #state()}.
 */
public interface LrScheduler {

    /** Learning rate for the iteration that follows {@code iteration} completed iterations. */
    double lr(int iteration);

    /** Reports a validation score (higher is better) after {@code iteration} iterations. */
    default void onValidation(int iteration, double score) {
    }

    /** A copy of the state, for checkpoints. */
    SchedulerState state();

    /** Restores a state taken with {@link #state()}. */
    void load(SchedulerState state);

    /** The name in configs ({@code [training] lr_scheduler}). */
    String name();
}
