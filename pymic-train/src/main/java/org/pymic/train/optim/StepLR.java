package org.pymic.train.optim;

import org.pymic.core.error.PymicException;

/**
 * Step decay, PyTorch's {@code StepLR} stepped per validation round: with {@code s = lr_step / iter_valid}
 * rounds (PyMIC divides, so {@code s} may be fractional) the rate is multiplied by {@code lr_gamma}
 * after every round {@code e} with {@code e mod s == 0}; for integer {@code s} this is
 * {@code lr = learning_rate * lr_gamma^floor(e / s)}.
 */
public final class StepLR extends EpochSchedule {
    private final double stepSize;
    private final double gamma;

    public StepLR(double baseLr, int iterValid, int lrStep, double gamma) {
        super(baseLr, iterValid);
        if (lrStep <= 0) {
            throw PymicException.config("lr_step must be > 0, got " + lrStep);
        }
        this.stepSize = (double) lrStep / iterValid;
        this.gamma = gamma;
    }

    @Override
    protected double lrAtEpoch(int epoch) {
        int decays = 0;
        for (int e = 1; e <= epoch; e++) {
            if (e % stepSize == 0) {
                decays++;
            }
        }
        return baseLr * Math.pow(gamma, decays);
    }

    @Override
    public String name() {
        return "StepLR";
    }
}
