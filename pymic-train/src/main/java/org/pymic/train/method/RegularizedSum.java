package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import java.util.function.Function;
import org.pymic.loss.Scalars;
import org.pymic.net.NetOutput;

/**
 * The step of the methods whose loss is {@code L_sup + w * R} for every network of the method: each
 * network sees {@code inputs} once, {@code terms} gives its supervised and regularisation terms from its
 * output, the per-network losses are summed (one backward; each network gets the gradient of its own
 * term) and {@code loss}, {@code loss_sup}, {@code loss_reg} (means over the networks) and
 * {@code regular_w} are recorded.
 */
final class RegularizedSum {
    private RegularizedSum() {
    }

    static NDArray of(StepContext ctx, double w, NDArray inputs, Function<NetOutput, NDArray[]> terms) {
        NDArray total = null;
        double sup = 0;
        double reg = 0;
        for (String name : ctx.networks().keySet()) {
            NDArray[] t = terms.apply(ctx.forward(name, inputs));
            sup += StepContext.scalar(t[0]);
            reg += StepContext.scalar(t[1]);
            NDArray l = t[0].add(Scalars.mul(t[1], w));
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
