package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ParamSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.core.registry.Params;
import org.pymic.loss.CrossEntropyLoss;
import org.pymic.loss.DiceLoss;
import org.pymic.loss.Scalars;
import org.pymic.loss.SegLoss;
import org.pymic.net.HeadKind;
import org.pymic.net.NetOutput;
import org.pymic.net.SegNetwork;

/**
 * Base of PyMIC's dual-branch scribble methods (DMPLS, DMSPS): one network with two decoders (main and
 * {@code branch2}, e.g. UNet2D_DualBranch), both supervised on the scribbles, and both supervised by a
 * pseudo-label mixed from the two branches' softmax with a weight drawn uniformly from [0, 1) at every
 * step (the engine's seeded generator), no gradient through the pseudo-label:
 * {@code L = (L_sup(p1) + L_sup(p2)) / 2 + regularize_w * rampup(it) * (L_pse(p1, y_mix) + L_pse(p2, y_mix)) / 2}.
 */
abstract class MixedPseudoLabels implements Method {
    static final String PSEUDO_SUP_LOSS = "pseudo_sup_loss";
    private final RegularWeight weight;
    private final SegLoss pseudoLoss;

    MixedPseudoLabels(RegularWeight weight, SegLoss pseudoLoss) {
        this.weight = weight;
        this.pseudoLoss = pseudoLoss;
    }

    static ParamSpec pseudoLossParam(String dflt) {
        return ParamSpec.optional(PSEUDO_SUP_LOSS, ParamType.STRING, dflt,
                "loss of the branches against the mixed pseudo-label: dice_loss or ce_loss");
    }

    /** PyMIC's {@code pseudo_sup_loss}: {@code dice_loss} (DiceLoss) or {@code ce_loss} (CrossEntropyLoss). */
    static SegLoss pseudoLoss(Params p, String method, String dflt) {
        String v = p.getString(PSEUDO_SUP_LOSS, dflt).trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "dice_loss" -> new DiceLoss();
            case "ce_loss" -> new CrossEntropyLoss();
            default -> throw PymicException.config(method + ": " + PSEUDO_SUP_LOSS + " = '" + p.getString(PSEUDO_SUP_LOSS)
                    + "': expected dice_loss or ce_loss");
        };
    }

    /**
     * The pseudo-label of the two branches' softmax {@code s1}, {@code s2} (detached) and the mixing
     * weight; the loss of each branch against it.
     */
    abstract NDArray pseudoLabel(NDArray s1, NDArray s2, double mix);

    /** What the pseudo-label loss sees of a branch: its logits (DMPLS) or, as PyMIC's DMSPS, its softmax. */
    abstract NDArray pseudoInput(NDArray logits, NDArray softmax);

    @Override
    public Map<String, SegNetwork> createNetworks(NetworkFactory factory) {
        Map<String, SegNetwork> nets = Methods.withHeads(factory, HeadKind.BRANCH, name(),
                "a network with two decoders, e.g. UNet2D_DualBranch or UNet3D_DualBranch");
        if (nets.size() != 1) {
            throw PymicException.config(name() + " trains one dual-branch network: [network] net_type lists "
                    + nets.size() + " types");
        }
        return nets;
    }

    /** The regularisation weight at this step, {@code regularize_w * rampup}. */
    public double regularWeight(StepContext ctx) {
        return weight.at(ctx);
    }

    /** The mixing weight of this step, uniform in [0, 1) from the engine's seeded generator. */
    static double drawMix(StepContext ctx) {
        return ctx.manager().randomUniform(0f, 1f, new Shape(1)).getFloat(0);
    }

    @Override
    public NDArray loss(StepContext ctx) {
        String net = ctx.networks().keySet().iterator().next();
        NetOutput out = ctx.forward(net, ctx.image());
        List<NDArray> branches = out.branches(); // main (decoder 1) first
        NDArray o1 = branches.get(0);
        NDArray o2 = branches.get(1);
        NDArray sup1 = ctx.supervisedLoss(NetOutput.of(o1));
        NDArray sup2 = ctx.supervisedLoss(NetOutput.of(o2));
        NDArray s1 = o1.softmax(1);
        NDArray s2 = o2.softmax(1);
        double mix = drawMix(ctx);
        NDArray pseudo = pseudoLabel(s1.stopGradient(), s2.stopGradient(), mix);
        NDArray reg1 = pseudoLoss.compute(pseudoInput(o1, s1), pseudo, null);
        NDArray reg2 = pseudoLoss.compute(pseudoInput(o2, s2), pseudo, null);
        NDArray sup = Scalars.mul(sup1.add(sup2), 0.5);
        NDArray reg = Scalars.mul(reg1.add(reg2), 0.5);
        double w = weight.at(ctx);
        NDArray total = ctx.regularizedLoss(sup, reg, w);
        ctx.record("mix", mix);
        return total;
    }
}
