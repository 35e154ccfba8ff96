package org.pymic.train.optim;

/**
 * Decay at milestones, PyTorch's {@code MultiStepLR} stepped per validation round: milestones are
 * {@code int(m / iter_valid)} rounds for each {@code m} in {@code lr_milestones} (iterations), and
 * {@code lr = learning_rate * lr_gamma^(number of milestones <= e)}.
 */
public final class MultiStepLR extends EpochSchedule {
    private final int[] milestones;
    private final double gamma;

    public MultiStepLR(double baseLr, int iterValid, int[] lrMilestones, double gamma) {
        super(baseLr, iterValid);
        this.milestones = new int[lrMilestones.length];
        for (int i = 0; i < lrMilestones.length; i++) {
            milestones[i] = lrMilestones[i] / iterValid;
        }
        this.gamma = gamma;
    }

    @Override
    protected double lrAtEpoch(int epoch) {
        int passed = 0;
        for (int m : milestones) {
            if (m <= epoch) {
                passed++;
            }
        }
        return baseLr * Math.pow(gamma, passed);
    }

    @Override
    public String name() {
        return "MultiStepLR";
    }
}
