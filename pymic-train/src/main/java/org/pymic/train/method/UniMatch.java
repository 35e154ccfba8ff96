package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;
import java.util.Map;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.loss.MaskedDice;
import org.pymic.loss.Scalars;
import org.pymic.net.NetOutput;
import org.pymic.net.SegNetwork;

/**
 * UniMatch (Yang et al., "Revisiting Weak-to-Strong Consistency in Semi-Supervised Semantic
 * Segmentation", CVPR 2023), the authors' medical (ACDC) variant, as a method of the one loop. One network
 * labels its own unlabelled images: the weak view {@code u_w} (the unlabelled stream's transforms) gives
 * pseudo-labels and confidences, which supervise two strong views {@code u_s1, u_s2} (views
 * {@code strong1}, {@code strong2} made on the loader threads by {@code [dataset] train_transform_strong},
 * e.g. {@code [RandomColorJitter, RandomGaussianBlur, RandomCutMixBox]}) and, with a feature perturbation,
 * the decoder on dropped-out encoder features. Inside each view's CutMix box the strong view of another
 * unlabelled image ({@code unlabelled_mix} stream, the same list shuffled with its own seed) is pasted, and
 * its pseudo-label comes from an evaluation-mode pass on that image's weak view:
 * <pre>
 *   (p_w, c_w) = argmax / max softmax(f(u_w)) (training mode, detached), (p_m, c_m) the same of f_eval(m_w)
 *   u_sj &lt;- u_sj (1 - B_j) + m_sj B_j,   (p_j, c_j) = (p_w, c_w) outside B_j, (p_m, c_m) inside
 *   L = ( L_sup(f(x), y) + w_s D(f(u_s1), p_1; c_1 &ge; tau) + w_s D(f(u_s2), p_2; c_2 &ge; tau)
 *         + w_fp D(f_fp(u_w), p_w; c_w &ge; tau) ) / 2
 * </pre>
 * with {@code D} the masked soft Dice over all classes ({@link MaskedDice}, eps 1e-5; pixels below the
 * confidence threshold {@code tau = conf_thresh} leave it), {@code w_s = 0.25} and {@code w_fp = 0.5} when
 * the network has a feature-perturbation head ({@code fp}), else {@code w_s = 0.5} and no FP term (the
 * authors' "dual strong views" ablation). The supervised loss is the configured one (the authors use
 * (CE + Dice) / 2, i.e. {@code loss_type = [DiceLoss, CrossEntropyLoss]} with weights 0.5, 0.5).
 */
public final class UniMatch implements Method {
    public static final String NAME = "UniMatch";
    /** The second unlabelled stream whose strong views are pasted into the CutMix boxes. */
    public static final String MIX = "unlabelled_mix";
    public static final String STRONG_KEY = "train_transform_strong";
    public static final String BOX = "cutmix_box";
    public static final ComponentSpec SPEC = ComponentSpec.builder(ComponentKind.METHOD, NAME)
            .doc("UniMatch (Yang et al. 2023): weak-to-strong consistency with CutMix views and feature perturbation.")
            .optional("conf_thresh", ParamType.FLOAT, 0.95, "confidence below which a pseudo-labelled pixel is ignored")
            .factory(p -> new UniMatch(p.getDouble("conf_thresh")))
            .build();
    private final double confThresh;

    public UniMatch(double confThresh) {
        if (!(confThresh >= 0 && confThresh < 1)) {
            throw PymicException.config("conf_thresh must be in [0, 1), got " + confThresh);
        }
        this.confThresh = confThresh;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SegNetwork> createNetworks(NetworkFactory factory) {
        if (factory.count() > 1) {
            throw PymicException.config(NAME + " trains one network: [network] net_type lists " + factory.count());
        }
        return Methods.oneNetworkPerType(factory);
    }

    @Override
    public List<StreamSpec> streams() {
        StreamSpec u = StreamSpec.UNLABELLED.withViews(STRONG_KEY, "strong1", "strong2");
        StreamSpec mix = new StreamSpec(MIX, u.csvKey(), u.batchKey(), u.transformKey(), false, List.of(), null)
                .withViews(STRONG_KEY, "strong1", "strong2");
        return List.of(StreamSpec.LABELLED, u, mix);
    }

    /** Pseudo-labels (one-hot, N, K, ...) and confidences (N, 1, ...) of logits, detached. */
    static NDArray[] pseudo(NDArray logits) {
        NDArray p = logits.stopGradient().softmax(1);
        NDArray conf = p.max(new int[] {1}, true);
        return new NDArray[] {PseudoLabels.oneHotArgmax(p), conf};
    }

    /** {@code a} outside the box (box = 0) and {@code b} inside (box = 1). */
    static NDArray paste(NDArray a, NDArray b, NDArray box) {
        return a.mul(box.neg().add(1)).add(b.mul(box));
    }

    @Override
    public NDArray loss(StepContext ctx) {
        String u = StreamSpec.UNLABELLED.name();
        String net = ctx.networks().keySet().iterator().next();
        NDArray x = ctx.image();
        long n = x.getShape().get(0);
        NDArray uw = ctx.unlabelledImage();
        long nu = uw.getShape().get(0);
        NDArray mw = ctx.image(MIX);
        NDArray[] mix = pseudo(ctx.forward(net, mw, false).main());
        NDArray[] strong = new NDArray[2];
        NDArray[] boxes = new NDArray[2];
        for (int j = 0; j < 2; j++) {
            String v = "strong" + (j + 1);
            boxes[j] = ctx.extra(u, v + "/" + BOX);
            strong[j] = paste(ctx.extra(u, v), ctx.extra(MIX, v), boxes[j]);
        }
        NetOutput out = ctx.forward(net, x.concat(uw, 0));
        NDArray lSup = ctx.supervisedLoss(out.head(n));
        NetOutput outU = out.tail(n);
        NDArray[] weak = pseudo(outU.main());
        // the strong views without the feature perturbation, as the reference's model(cat(s1, s2))
        NDArray predS = ctx.forwardWithout(net, strong[0].concat(strong[1], 0), "fp").main();
        NDArray[] terms = new NDArray[2];
        double ignored = 0;
        for (int j = 0; j < 2; j++) {
            NDArray label = paste(weak[0], mix[0], boxes[j]);
            NDArray conf = paste(weak[1], mix[1], boxes[j]);
            NDArray keep = conf.gte(confThresh).toType(conf.getDataType(), false);
            ignored += 1 - StepContext.scalar(keep.mean());
            NDArray pred = predS.get(new NDIndex(j * nu + ":" + (j + 1) * nu));
            terms[j] = MaskedDice.loss(pred.softmax(1), label, keep, 1e-5);
        }
        boolean fp = outU.has("fp");
        double ws = fp ? 0.25 : 0.5;
        NDArray unsup = Scalars.mul(terms[0].add(terms[1]), ws);
        ctx.record("loss_sup", lSup);
        ctx.record("loss_s1", terms[0]);
        ctx.record("loss_s2", terms[1]);
        if (fp) {
            NDArray keep = weak[1].gte(confThresh).toType(weak[1].getDataType(), false);
            NDArray lFp = MaskedDice.loss(outU.get("fp").softmax(1), weak[0], keep, 1e-5);
            unsup = unsup.add(Scalars.mul(lFp, 0.5));
            ctx.record("loss_fp", lFp);
        }
        NDArray total = Scalars.div(lSup.add(unsup), 2);
        ctx.record("loss", total);
        ctx.record("ignored_ratio", ignored / 2);
        return total;
    }
}
