package org.pymic.net.cct;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * Virtual adversarial perturbation of a decoder's deepest input (Miyato et al., TPAMI 2019, as CCT
 * and PyMIC's {@code _get_r_adv} use it): with p = softmax(decoder(f)) and a random direction d
 * (uniform in [-0.5, 0.5), L2-normalised per sample), repeat {@code VAT_it} times
 * d = normalise(grad_d KL(p || softmax(decoder(f + xi d)))), with KL summed and divided by the batch
 * size; the perturbed feature is f + eps d. The decoder's passes run in training mode (dropout and
 * batch-norm statistics as in PyMIC), on features and parameters cut from the graph: the inner
 * gradient reaches d only, the gradient of the result flows into f alone (d is a constant).
 *
 * <p>The inner gradient is PyTorch's {@code autograd.grad} inside the forward pass. DJL offers one
 * gradient collector at a time, so it is taken with the PyTorch engine's own backward on a separate
 * leaf, which leaves the step's collector and graph untouched; other engines are refused.
 */
public final class VirtualAdversarial {
    private static final float NORM_EPS = 1e-8f;
    private final int iterations;
    private final double xi;
    private final double eps;

    /** PyMIC's {@code VAT_it} (default 2), {@code VAT_xi} (1e-6) and {@code VAT_eps} (2.0). */
    public VirtualAdversarial(int iterations, double xi, double eps) {
        this.iterations = iterations;
        this.xi = xi;
        this.eps = eps;
    }

    /**
     * The deepest feature of {@code features} (the decoder's input, finest first) moved by eps times
     * the adversarial direction; the direction starts from the engine's seeded generator.
     */
    public NDArray perturb(Block decoder, NDArray[] features, PairList<String, Object> params) {
        NDArray last = features[features.length - 1];
        try (NDManager sub = last.getManager().newSubManager()) {
            NDArray d = sub.randomUniform(0f, 1f, last.getShape()).sub(0.5f);
            return last.add(direction(decoder, features, params, d, sub).mul(sub.create((float) eps)));
        }
    }

    /** The unit adversarial direction per sample, starting from {@code start}; arrays live on {@code sub}. */
    NDArray direction(Block decoder, NDArray[] features, PairList<String, Object> params, NDArray start,
            NDManager sub) {
        if (!(features[features.length - 1] instanceof PtNDArray)) {
            throw new PymicException(ExitCode.NOT_IMPLEMENTED, "the VAT auxiliary decoder of CCT needs the PyTorch"
                    + " engine (a gradient inside the forward pass); got "
                    + features[features.length - 1].getManager().getEngine().getEngineName());
        }
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(true); // also when the caller records no gradients (a forward outside training)
        try {
            ParameterStore detached = new DetachedParameters(sub);
            NDArray[] x = new NDArray[features.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = features[i].stopGradient();
                x[i].attach(sub);
            }
            int last = x.length - 1;
            NDArray base = x[last];
            NDArray pred = decoder.forward(detached, new NDList(x), true, params).head().softmax(1);
            NDArray logPred = pred.log();
            NDArray xiArray = sub.create((float) xi);
            NDArray perSample = sub.create(1f / base.getShape().get(0)); // kl_div(reduction='batchmean')
            NDArray d = l2Normalize(start);
            for (int it = 0; it < iterations; it++) {
                d.setRequiresGradient(true);
                x[last] = base.add(d.mul(xiArray));
                NDArray logHat = decoder.forward(detached, new NDList(x), true, params).head().logSoftmax(1);
                NDArray kl = pred.mul(logPred.sub(logHat)).sum().mul(perSample);
                JniUtils.backward((PtNDArray) kl, (PtNDArray) sub.ones(kl.getShape()), false, false);
                d = l2Normalize(d.getGradient());
            }
            return d;
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** d / (||d|| + 1e-8), the norm taken over each sample (PyMIC's {@code _l2_normalize}). */
    static NDArray l2Normalize(NDArray d) {
        long n = d.getShape().get(0);
        long[] perSample = new long[d.getShape().dimension()];
        java.util.Arrays.fill(perSample, 1);
        perSample[0] = n;
        NDArray norm = d.reshape(n, -1).square().sum(new int[] {1}).sqrt().add(NORM_EPS);
        return d.div(norm.reshape(new Shape(perSample)));
    }
}
