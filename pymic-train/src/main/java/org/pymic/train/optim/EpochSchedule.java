package org.pymic.train.optim;

import java.util.Map;
import org.pymic.core.error.PymicException;

/**
 * Base of the schedules that are functions of the round count {@code e = floor(iteration / iter_valid)}
 * alone (PyTorch's epoch schedules stepped once per validation, as PyMIC does). They hold no state
 * beyond their settings, so resuming needs nothing but the iteration.
 */
public abstract class EpochSchedule implements LrScheduler {
    protected final double baseLr;
    protected final int iterValid;

    protected EpochSchedule(double baseLr, int iterValid) {
        if (iterValid <= 0) {
            throw PymicException.config("iter_valid must be > 0, got " + iterValid);
        }
        this.baseLr = baseLr;
        this.iterValid = iterValid;
    }

    /** Learning rate after {@code epoch} validation rounds. */
    protected abstract double lrAtEpoch(int epoch);

    @Override
    public double lr(int iteration) {
        return lrAtEpoch(Math.max(0, iteration) / iterValid);
    }

    @Override
    public SchedulerState state() {
        return new SchedulerState(name(), Map.of());
    }

    @Override
    public void load(SchedulerState state) {
        if (!state.scheduler().equalsIgnoreCase(name())) {
            throw PymicException.input("lr scheduler state was saved by " + state.scheduler() + ", cannot load into "
                    + name());
        }
    }
}
