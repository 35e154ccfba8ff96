package org.pymic.train.optim;

/**
 * Cosine annealing (Loshchilov and Hutter, SGDR, ICLR 2017), PyTorch's {@code CosineAnnealingLR} stepped
 * per validation round: with {@code T = iter_max / iter_valid} rounds,
 * {@code lr = lr_min + (learning_rate - lr_min) * (1 + cos(pi * e / T)) / 2}.
 */
public final class CosineAnnealingLR extends EpochSchedule {
    private final double tMax;
    private final double lrMin;

    public CosineAnnealingLR(double baseLr, int iterValid, int iterMax, double lrMin) {
        super(baseLr, iterValid);
        if (iterMax <= 0) {
            throw org.pymic.core.error.PymicException.config("iter_max must be > 0, got " + iterMax);
        }
        this.tMax = (double) iterMax / iterValid;
        this.lrMin = lrMin;
    }

    @Override
    protected double lrAtEpoch(int epoch) {
        return lrMin + (baseLr - lrMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }

    @Override
    public String name() {
        return "CosineAnnealingLR";
    }
}
