package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Map;
import org.pymic.loss.Scalars;
import org.pymic.net.SegNetwork;

/**
 * Base of PyMIC's regularised weakly supervised methods: the configured loss on the partial labels
 * (pixel weight 0 on unannotated pixels, so cross-entropy becomes partial cross-entropy) plus a
 * regulariser of the prediction on every pixel, {@code L = L_sup + regularize_w * rampup(it) * R(p)}.
 */
abstract class WeakRegularization implements Method {
    private final double regularizeW;
    private final int rampupStart;
    private final Integer rampupEnd;

    WeakRegularization(double regularizeW, int rampupStart, Integer rampupEnd) {
        this.regularizeW = regularizeW;
        this.rampupStart = rampupStart;
        this.rampupEnd = rampupEnd;
    }

    /** The regulariser {@code R} of the main logits. */
    abstract NDArray regularizer(NDArray logits);

    @Override
    public Map<String, SegNetwork> createNetworks(NetworkFactory factory) {
        return Methods.oneNetworkPerType(factory);
    }

    @Override
    public boolean needsUnlabelled() {
        return false;
    }

    /** The regularisation weight at this step, {@code regularize_w * rampup}. */
    public double regularWeight(StepContext ctx) {
        return ctx.regularWeight(regularizeW, rampupStart, rampupEnd);
    }

    @Override
    public NDArray loss(StepContext ctx) {
        double w = regularWeight(ctx);
        NDArray total = null;
        double sup = 0;
        double reg = 0;
        for (String name : ctx.networks().keySet()) {
            NDList out = ctx.forward(name, ctx.image());
            NDArray lSup = ctx.supervisedLoss(out);
            NDArray lReg = regularizer(out.head());
            sup += StepContext.scalar(lSup);
            reg += StepContext.scalar(lReg);
            NDArray l = lSup.add(Scalars.mul(lReg, w));
            total = total == null ? l : total.add(l);
        }
        int k = ctx.networks().size();
        ctx.record("loss", StepContext.scalar(total) / k);
        ctx.record("loss_sup", sup / k);
        ctx.record("loss_reg", reg / k);
        ctx.record("regular_w", w);
        return total;
    }
}
