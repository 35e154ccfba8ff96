package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pymic.core.error.PymicException;
import org.pymic.loss.LossOps;
import org.pymic.loss.Scalars;
import org.pymic.net.SegNetwork;

/**
 * Co-training of {@code N} networks on one noisy-labelled batch by small-loss selection, the mechanism
 * CoTeaching ({@code N = 2}) and TriNet ({@code N = 3}) share. Each network {@code i} has the per-pixel
 * cross-entropy {@code l_i = -sum_k y_k log(0.999 p_ik + 5e-4)} and selects its small-loss pixels
 * {@code S_i} (a {@link Selection}); network {@code i} learns from the pixels every other network
 * selected:
 * <pre>
 *   L_i = sum_x l_i(x) P_i(x) / sum_x P_i(x),   P_i = prod_{j != i} S_j
 * </pre>
 * With two networks {@code P_1 = S_2} and {@code P_2 = S_1} (co-teaching's exchange); with three each
 * network learns where the other two agree. The selections carry no gradient. An empty {@code P_i} (no
 * pixel selected by all peers) gives {@code L_i = 0} where PyMIC would divide by zero.
 */
final class SmallLossCoTraining {
    private SmallLossCoTraining() {
    }

    /** How a network selects its small-loss pixels from its losses (M) and the fraction to keep. */
    interface Selection {
        NDArray mask(NDArray losses, double kept);
    }

    /** The terms of one step: per-pixel losses {@code l_i} (M) and the selected losses {@code L_i}. */
    record Terms(List<NDArray> pixelLosses, List<NDArray> selectedLosses) {
    }

    /**
     * {@code net1 .. netN}: the single configured {@code net_type} {@code n} times, or the {@code n}
     * types of a list.
     */
    static Map<String, SegNetwork> networks(NetworkFactory factory, String method, int n) {
        if (factory.count() != 1 && factory.count() != n) {
            throw PymicException.config(method + " trains " + n + " networks: [network] net_type lists "
                    + factory.count() + " types, expected one or " + n);
        }
        Map<String, SegNetwork> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("net" + (i + 1), factory.create(factory.count() == 1 ? 0 : i));
        }
        return m;
    }

    /** Per-pixel cross-entropy {@code -sum_k y_k log(0.999 p_k + 5e-4)}, flattened to (M). */
    static NDArray pixelCrossEntropy(NDArray logits, NDArray target) {
        NDArray q = LossOps.stable(logits.softmax(1));
        return target.mul(q.log()).sum(new int[] {1}).neg().flatten();
    }

    /**
     * Forwards the labelled batch through {@code names}, selects each network's pixels with
     * {@code selection} keeping {@code kept}, and returns every network's loss on its peers' pixels.
     */
    static Terms step(StepContext ctx, List<String> names, Selection selection, double kept) {
        NDArray x = ctx.image();
        NDArray y = ctx.label();
        List<NDArray> losses = new ArrayList<>();
        List<NDArray> masks = new ArrayList<>();
        for (String name : names) {
            NDArray l = pixelCrossEntropy(ctx.forward(name, x).main(), y);
            losses.add(l);
            masks.add(selection.mask(l, kept));
        }
        return new Terms(losses, peerLosses(losses, masks));
    }

    /** {@code L_i} from the per-pixel losses and the 0/1 selection masks of every network. */
    static List<NDArray> peerLosses(List<NDArray> losses, List<NDArray> masks) {
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < losses.size(); i++) {
            NDArray peers = null;
            for (int j = 0; j < masks.size(); j++) {
                if (j != i) {
                    peers = peers == null ? masks.get(j) : peers.mul(masks.get(j));
                }
            }
            float count = peers.sum().getFloat();
            out.add(Scalars.div(losses.get(i).mul(peers).sum(), Math.max(count, 1f)));
        }
        return out;
    }

    /** Records {@code loss1..N}, {@code loss_no_select1..N} and {@code select_ratio}. */
    static void record(StepContext ctx, Terms t, double kept) {
        for (int i = 0; i < t.selectedLosses().size(); i++) {
            ctx.record("loss" + (i + 1), t.selectedLosses().get(i));
        }
        for (int i = 0; i < t.pixelLosses().size(); i++) {
            ctx.record("loss_no_select" + (i + 1), t.pixelLosses().get(i).mean());
        }
        ctx.record("select_ratio", kept);
    }

    /** Sum of the selected losses. */
    static NDArray sum(Terms t) {
        NDArray total = t.selectedLosses().get(0);
        for (int i = 1; i < t.selectedLosses().size(); i++) {
            total = total.add(t.selectedLosses().get(i));
        }
        return total;
    }
}
