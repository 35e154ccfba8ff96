package org.pymic.train.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pymic.core.error.PymicException;

/**
 * Reduce the rate when the validation score stops improving, PyTorch's {@code ReduceLROnPlateau} in
 * mode "max" as PyMIC builds it: factor {@code lr_gamma}, patience
 * {@code ReduceLROnPlateau_patience / iter_valid} rounds, PyTorch's defaults otherwise (relative
 * threshold 1e-4, cooldown 0, min_lr 0, eps 1e-8). After each validation with score {@code s}:
 * a round is good if {@code s > best * (1 + 1e-4)} (then {@code best = s}, bad rounds reset), else
 * the bad-round count grows; when it exceeds the patience, {@code lr = max(lr * lr_gamma, 0)} if the
 * change exceeds eps, and the count resets. A non-finite score (a round without validation) is no
 * round: it is neither good nor bad.
 */
public final class ReduceLROnPlateau implements LrScheduler {
    private static final double THRESHOLD = 1e-4;
    private static final double EPS = 1e-8;

    private final double factor;
    private final double patience;
    private double lr;
    private double best = Double.NEGATIVE_INFINITY;
    private int numBad;

    public ReduceLROnPlateau(double baseLr, int iterValid, int patienceIterations, double gamma) {
        if (iterValid <= 0) {
            throw PymicException.config("iter_valid must be > 0, got " + iterValid);
        }
        if (!(gamma < 1.0)) {
            throw PymicException.config("lr_gamma of ReduceLROnPlateau must be < 1, got " + gamma);
        }
        this.lr = baseLr;
        this.factor = gamma;
        this.patience = (double) patienceIterations / iterValid;
    }

    @Override
    public double lr(int iteration) {
        return lr;
    }

    @Override
    public void onValidation(int iteration, double score) {
        if (!Double.isFinite(score)) {
            return;
        }
        if (score > best * (1 + THRESHOLD)) {
            best = score;
            numBad = 0;
        } else {
            numBad++;
        }
        if (numBad > patience) {
            double newLr = Math.max(lr * factor, 0.0);
            if (lr - newLr > EPS) {
                lr = newLr;
            }
            numBad = 0;
        }
    }

    @Override
    public SchedulerState state() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("lr", lr);
        m.put("best", best);
        m.put("num_bad_epochs", (double) numBad);
        return new SchedulerState(name(), m);
    }

    @Override
    public void load(SchedulerState state) {
        if (!state.scheduler().equalsIgnoreCase(name())) {
            throw PymicException.input("lr scheduler state was saved by " + state.scheduler() + ", cannot load into "
                    + name());
        }
        lr = state.get("lr");
        best = state.get("best");
        numBad = (int) state.get("num_bad_epochs");
    }

    @Override
    public String name() {
        return "ReduceLROnPlateau";
    }
}
