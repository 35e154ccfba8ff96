package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.pymic.loss.LossInput;
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
        return RegularizedSum.of(ctx, weight.at(ctx), ctx.image(), out -> new NDArray[] {ctx.supervisedLoss(out),
            regularizer(new LossInput(ctx.image(), out, null, null))});
    }
}
