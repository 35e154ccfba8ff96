package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.loss.Scalars;
import org.pymic.net.HeadKind;
import org.pymic.net.NetOutput;
import org.pymic.net.SegNetwork;

/**
 * Cross-Consistency Training (Ouali et al., "Semi-Supervised Semantic Segmentation with Cross-Consistency
 * Training", CVPR 2020), as PyMIC's {@code SSLCCT} (method name {@code CCT}), with a network that has
 * auxiliary decoders fed perturbed features ({@code UNet2D_CCT}: its {@code AUX} heads). Labelled and
 * unlabelled images go through the network as one batch; the configured loss supervises the main decoder
 * on the labelled part, and on the unlabelled part every auxiliary decoder is pulled towards the main
 * decoder's detached prediction:
 * <pre>
 *   t = softmax(softmax(main_u))   (PyMIC passes probabilities with use_softmax = True: a second softmax;
 *                                   JS, whose PyMIC function ignores use_softmax: t = softmax(main_u))
 *   L = L_sup + regularize_w * rampup(it) * (1/A) sum_a D(softmax(aux_a,u), t)
 * </pre>
 * with {@code D} = {@code unsupervised_loss}: MSE (mean squared error, default), KL
 * ({@code mean(t (log t - log_softmax(aux)))}) or JS (PyMIC's {@code softmax_js_loss}).
 */
public final class CrossConsistencyTraining implements Method {
    public static final String NAME = "CCT";
    public static final ComponentSpec SPEC = RegularWeight.declare(ComponentSpec.builder(ComponentKind.METHOD, NAME)
            .doc("Cross-consistency training (Ouali et al. 2020): auxiliary decoders on perturbed features."), 0.1)
            .optional("unsupervised_loss", ParamType.STRING, "MSE", "consistency of the auxiliary decoders: MSE, KL or JS")
            .factory(p -> new CrossConsistencyTraining(RegularWeight.from(p), p.getString("unsupervised_loss")))
            .build();
    private final RegularWeight weight;
    private final String unsupervisedLoss;

    public CrossConsistencyTraining(RegularWeight weight, String unsupervisedLoss) {
        String u = unsupervisedLoss.toUpperCase(java.util.Locale.ROOT);
        if (!List.of("MSE", "KL", "JS").contains(u)) {
            throw PymicException.config("unsupervised_loss expects MSE, KL or JS, got '" + unsupervisedLoss + "'");
        }
        this.weight = weight;
        this.unsupervisedLoss = u;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SegNetwork> createNetworks(NetworkFactory factory) {
        return Methods.withHeads(factory, HeadKind.AUX, NAME, "a network with auxiliary decoders such as UNet2D_CCT");
    }


    @Override
    public List<StreamSpec> streams() {
        return StreamSpec.SEMI_SUPERVISED;
    }

    /** PyMIC's consistency of auxiliary logits against target probabilities {@code t}. */
    public static NDArray consistency(String kind, NDArray auxLogits, NDArray t) {
        switch (kind) {
            case "MSE":
                return auxLogits.softmax(1).sub(t).square().mean();
            case "KL":
                return t.mul(t.log().sub(auxLogits.logSoftmax(1))).mean();
            default: {
                NDArray m = Scalars.mul(auxLogits.softmax(1).add(t), 0.5);
                NDArray logM = m.log();
                NDArray kl1 = m.mul(logM.sub(auxLogits.logSoftmax(1))).mean();
                NDArray kl2 = m.mul(logM.sub(t.add(1e-5).log())).mean();
                return Scalars.mul(kl1.add(kl2), 0.5);
            }
        }
    }

    /**
     * The detached target of the auxiliary decoders for consistency {@code kind}: PyMIC softmaxes the
     * probabilities again for MSE and KL ({@code use_softmax = True}); its {@code softmax_js_loss} takes
     * that flag in {@code **_} and drops it, so JS compares with the probabilities themselves.
     */
    static NDArray target(String kind, NDArray mainLogits) {
        NDArray p = mainLogits.stopGradient().softmax(1);
        return kind.equals("JS") ? p : p.softmax(1);
    }

    @Override
    public NDArray loss(StepContext ctx) {
        NDArray x0 = ctx.image();
        long n0 = x0.getShape().get(0);
        return RegularizedSum.of(ctx, weight.at(ctx), x0.concat(ctx.unlabelledImage(), 0), out -> {
            NetOutput u = out.tail(n0);
            NDArray t = target(unsupervisedLoss, u.main());
            List<NDArray> aux = u.auxiliary();
            NDArray reg = null;
            for (NDArray a : aux) {
                NDArray c = consistency(unsupervisedLoss, a, t);
                reg = reg == null ? c : reg.add(c);
            }
            return new NDArray[] {ctx.supervisedLoss(out.head(n0)), Scalars.div(reg, aux.size())};
        });
    }
}
