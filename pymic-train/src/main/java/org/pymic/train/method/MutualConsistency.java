package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.net.HeadKind;
import org.pymic.net.NetOutput;
import org.pymic.net.SegNetwork;

/**
 * Mutual consistency learning (Wu et al., "Mutual consistency learning for semi-supervised medical image
 * segmentation", MedIA 2022, MC-Net+), as PyMIC's {@code SSLMCNet} (method name {@code MCNet}), with a
 * network of several decoders ({@code MCNet2D}: main plus its {@code BRANCH} heads). Labelled and
 * unlabelled images go through the network as one batch; every decoder is supervised on the labelled
 * part, and each decoder's probabilities are pulled towards the others' sharpened probabilities over the
 * whole batch:
 * <pre>
 *   p_i = softmax(out_i),   s_i = p_i^(1/T) / (p_i^(1/T) + (1 - p_i)^(1/T))   (T = temperature)
 *   L = sum_i L_sup(out_i) + regularize_w * rampup(it) * sum_{i != j} mean((p_i - s_j)^2)
 * </pre>
 * As in PyMIC the sharpened targets are not detached and the consistency is the mean squared error
 * ({@code unsupervised_loss} = MSE; PyMIC reads the key and computes MSE whatever it says, pymic refuses
 * other values).
 */
public final class MutualConsistency implements Method {
    public static final String NAME = "MCNet";
    public static final ComponentSpec SPEC = RegularWeight.declare(ComponentSpec.builder(ComponentKind.METHOD, NAME)
            .doc("Mutual consistency (Wu et al. 2022): decoders learn from each other's sharpened predictions."), 0.1)
            .optional("temperature", ParamType.FLOAT, 0.1, "sharpening temperature of the pseudo-labels")
            .optional("unsupervised_loss", ParamType.STRING, "MSE", "the consistency: MSE only (PyMIC reads the key"
                    + " and computes MSE whatever it says; other values are refused)")
            .factory(p -> new MutualConsistency(RegularWeight.from(p), p.getDouble("temperature"),
                    p.getString("unsupervised_loss")))
            .build();
    private final RegularWeight weight;
    private final double temperature;

    public MutualConsistency(RegularWeight weight, double temperature) {
        this(weight, temperature, "MSE");
    }

    /** As PyMIC's MCNet agent; {@code unsupervisedLoss} must be MSE, the only consistency it computes. */
    public MutualConsistency(RegularWeight weight, double temperature, String unsupervisedLoss) {
        if (!"MSE".equalsIgnoreCase(unsupervisedLoss)) {
            throw new org.pymic.core.error.PymicException(org.pymic.core.error.ExitCode.NOT_IMPLEMENTED,
                    "method MCNet: unsupervised_loss = " + unsupervisedLoss + " is not implemented: MCNet's"
                    + " consistency is MSE (PyMIC computes MSE whatever the key says)");
        }
        if (!(temperature > 0)) {
            throw PymicException.config("temperature must be > 0, got " + temperature);
        }
        this.weight = weight;
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SegNetwork> createNetworks(NetworkFactory factory) {
        return Methods.withHeads(factory, HeadKind.BRANCH, NAME, "a network with several decoders such as MCNet2D");
    }


    @Override
    public List<StreamSpec> streams() {
        return StreamSpec.SEMI_SUPERVISED;
    }

    /** {@code sum_{i != j} mean((softmax(out_i) - sharpen(softmax(out_j)))^2)}. */
    public static NDArray mutualConsistency(List<NDArray> logits, double temperature) {
        List<NDArray> p = new ArrayList<>();
        List<NDArray> s = new ArrayList<>();
        for (NDArray l : logits) {
            NDArray pi = l.softmax(1);
            p.add(pi);
            s.add(Sharpening.sharpen(pi, temperature));
        }
        NDArray total = null;
        for (int i = 0; i < p.size(); i++) {
            for (int j = 0; j < p.size(); j++) {
                if (i != j) {
                    NDArray m = p.get(i).sub(s.get(j)).square().mean();
                    total = total == null ? m : total.add(m);
                }
            }
        }
        return total;
    }

    @Override
    public NDArray loss(StepContext ctx) {
        NDArray x0 = ctx.image();
        long n0 = x0.getShape().get(0);
        return RegularizedSum.of(ctx, weight.at(ctx), x0.concat(ctx.unlabelledImage(), 0), out -> {
            List<NDArray> branches = out.branches();
            NDArray sup = null;
            for (NDArray b : branches) {
                NDArray l = ctx.supervisedLoss(NetOutput.of(b).head(n0));
                sup = sup == null ? l : sup.add(l);
            }
            return new NDArray[] {sup, mutualConsistency(branches, temperature)};
        });
    }
}
