package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Map;
import org.pymic.loss.EntropyLoss;
import org.pymic.loss.Scalars;
import org.pymic.net.SegNetwork;

/**
 * Semi-supervised Entropy Minimization (Grandvalet and Bengio, "Semi-supervised Learning by Entropy
 * Minimization", NeurIPS 2005), as PyMIC's {@code SSLEntropyMinimization}: labelled and unlabelled images
 * go through the network as one batch;
 * {@code loss = L_sup(p_labelled, y) + regularize_w * rampup(it) * H(softmax(p_all))}, with
 * {@code rampup} PyMIC's sigmoid ramp-up between {@code rampup_start} and {@code rampup_end} (default
 * {@code iter_max}) and {@code H} the mean normalised entropy ({@link EntropyLoss}).
 */
public final class EntropyMinimization implements Method {
    public static final String NAME = "EntropyMinimization";
    private final double regularizeW;
    private final int rampupStart;
    private final Integer rampupEnd;
    private final EntropyLoss entropy = new EntropyLoss();

    /**
     * @param rampupEnd null for {@code iter_max}
     */
    public EntropyMinimization(double regularizeW, int rampupStart, Integer rampupEnd) {
        this.regularizeW = regularizeW;
        this.rampupStart = rampupStart;
        this.rampupEnd = rampupEnd;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SegNetwork> createNetworks(NetworkFactory factory) {
        return Methods.oneNetworkPerType(factory);
    }

    @Override
    public boolean needsUnlabelled() {
        return true;
    }

    /** The regularisation weight at this step, {@code regularize_w * rampup}. */
    public double regularWeight(StepContext ctx) {
        return ctx.regularWeight(regularizeW, rampupStart, rampupEnd);
    }

    @Override
    public NDArray loss(StepContext ctx) {
        NDArray x0 = ctx.image();
        long n0 = x0.getShape().get(0);
        NDArray inputs = x0.concat(ctx.unlabelledImage(), 0);
        double w = regularWeight(ctx);
        NDArray total = null;
        double sup = 0;
        double reg = 0;
        for (String name : ctx.networks().keySet()) {
            NDList out = ctx.forward(name, inputs);
            NDArray lSup = ctx.supervisedLoss(SplitOutputs.head(out, n0));
            NDArray lReg = entropy.compute(out.head());
            NDArray l = lSup.add(Scalars.mul(lReg, w));
            sup += StepContext.scalar(lSup);
            reg += StepContext.scalar(lReg);
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
