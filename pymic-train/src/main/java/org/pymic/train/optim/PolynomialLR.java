package org.pymic.train.optim;

/**
 * Polynomial decay, PyTorch's {@code PolynomialLR} stepped per validation round: with
 * {@code T = iter_max / iter_valid} rounds, {@code lr = learning_rate * (1 - min(e, T) / T)^lr_power}
 * (power 0.9 is the "poly" schedule of DeepLab and nnU-Net).
 */
public final class PolynomialLR extends EpochSchedule {
    private final double total;
    private final double power;

    public PolynomialLR(double baseLr, int iterValid, int iterMax, double power) {
        super(baseLr, iterValid);
        if (iterMax <= 0) {
            throw org.pymic.core.error.PymicException.config("iter_max must be > 0, got " + iterMax);
        }
        this.total = (double) iterMax / iterValid;
        this.power = power;
    }

    @Override
    protected double lrAtEpoch(int epoch) {
        return baseLr * Math.pow(1 - Math.min(epoch, total) / total, power);
    }

    @Override
    public String name() {
        return "PolynomialLR";
    }
}
