package org.pymic.train.optim;

/**
 * Stochastic gradient descent with PyTorch's {@code torch.optim.SGD} semantics:
 * <pre>
 * g  = grad + weight_decay * w
 * b  = g                                  (first step)
 * b  = momentum * b + (1 - dampening) * g (later steps)
 * d  = g + momentum * b  (Nesterov)   or  d = b
 * w  = w - lr * d
 * </pre>
 * Without momentum {@code d = g}. Nesterov needs momentum > 0 and dampening 0 (Sutskever et al.,
 * ICML 2013). PyMIC builds SGD with {@code nesterov = True}.
 */
public final class Sgd extends AbstractOptimizer {
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;

    private Sgd(Builder b) {
        if (b.nesterov && (b.momentum <= 0 || b.dampening != 0)) {
            throw org.pymic.core.error.PymicException.config(
                    "SGD with nesterov = True needs momentum > 0 and dampening 0, got momentum " + b.momentum
                            + ", dampening " + b.dampening);
        }
        this.momentum = b.momentum;
        this.dampening = b.dampening;
        this.weightDecay = b.weightDecay;
        this.nesterov = b.nesterov;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected RangeUpdate prepare(Slots s, int n, double lr) {
        float[] buf = momentum != 0 ? s.buffer("momentum_buffer", n) : null;
        boolean first = s.steps() == 1;
        return (w, g, from, to) -> {
            for (int i = from; i < to; i++) {
                double wi = w.get(i);
                double d = g.get(i);
                if (weightDecay != 0) {
                    d += weightDecay * wi;
                }
                if (buf != null) {
                    double b = first ? d : momentum * buf[i] + (1 - dampening) * d;
                    buf[i] = (float) b;
                    d = nesterov ? d + momentum * buf[i] : buf[i];
                }
                w.put(i, (float) (wi - lr * d));
            }
        };
    }

    @Override
    public String name() {
        return "SGD";
    }

    /** Builder; defaults are PyTorch's (momentum 0, dampening 0, no decay, no Nesterov). */
    public static final class Builder {
        private double momentum;
        private double dampening;
        private double weightDecay;
        private boolean nesterov;

        public Builder optMomentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        public Builder optDampening(double dampening) {
            this.dampening = dampening;
            return this;
        }

        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder optNesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        public Sgd build() {
            return new Sgd(this);
        }
    }
}
