package org.pymic.train.optim;

/** A constant learning rate: what PyMIC trains with when {@code lr_scheduler} is None. */
public final class FixedLr extends EpochSchedule {
    public FixedLr(double lr) {
        super(lr, 1);
    }

    @Override
    protected double lrAtEpoch(int epoch) {
        return baseLr;
    }

    @Override
    public String name() {
        return "None";
    }
}
