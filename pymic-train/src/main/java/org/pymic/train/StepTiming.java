package org.pymic.train;

/**
 * Wall time of one training step split into its phases, in milliseconds: waiting for the loader,
 * forward passes and loss, backward pass, optimiser update (including method hooks).
 */
public record StepTiming(double dataMs, double forwardMs, double backwardMs, double updateMs) {

    public double totalMs() {
        return dataMs + forwardMs + backwardMs + updateMs;
    }

    /** Component-wise sum. */
    public StepTiming plus(StepTiming o) {
        return new StepTiming(dataMs + o.dataMs, forwardMs + o.forwardMs, backwardMs + o.backwardMs, updateMs + o.updateMs);
    }

    public StepTiming scaled(double f) {
        return new StepTiming(dataMs * f, forwardMs * f, backwardMs * f, updateMs * f);
    }

    public static StepTiming zero() {
        return new StepTiming(0, 0, 0, 0);
    }
}
