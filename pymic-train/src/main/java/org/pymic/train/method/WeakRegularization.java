package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.pymic.loss.Scalars;
import org.pymic.loss.LossInput;
import org.pymic.net.NetOutput;
import org.pymic.net.SegNetwork;

/**
 * Base of PyMIC's regularised weakly supervised methods: the configured loss on the partial labels
 * (pixel weight 0 on unannotated pixels, so cross-entropy becomes partial cross-entropy) plus a
 * regulariser of the prediction on every pixel, {@code L = L_sup + regularize_w * rampup(it) * R(p)}.
 */
abstract class WeakRegularization implements Method {
    private final RegularWeight weight;

    WeakRegularization(RegularWeight weight) {
        this.weight = weight;
    }

    /** The regulariser {@code R} of one prediction; it sees the image and every head of the output. */
    abstract NDArray regularizer(LossInput in);

    @Override
    public Map<String, SegNetwork> createNetworks(NetworkFactory factory) {
        return Methods.oneNetworkPerType(factory);
    }

    /** The regularisation weight at this step, {@code regularize_w * rampup}. */
    public double regularWeight(StepContext ctx) {
        return weight.at(ctx);
    }

    @Override
    public NDArray loss(StepContext ctx) {
        double w = regularWeight(ctx);
        NDArray total = null;
        double sup = 0;
        double reg = 0;
        for (String name : ctx.networks().keySet()) {
            NetOutput out = ctx.forward(name, ctx.image());
            NDArray lSup = ctx.supervisedLoss(out);
            NDArray lReg = regularizer(new LossInput(ctx.image(), out, null, null));
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
