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
 *
 * <p>A method says only what differs: the fraction it keeps at a step ({@link #keptFraction}), how a
 * network selects ({@link #select}) and what the step minimises of the summed {@code L_i}
 * ({@link #objective}); the log's {@code loss} is their mean in both.
 */
abstract class SmallLossCoTraining implements Method {
    private final String name;
    private final List<String> networks;
    /** The fraction of pixels kept once the ramp-up is complete, in (0, 1]. */
    final double selectRatio;
    final int rampupStart;
    /** Null for {@code iter_max}. */
    final Integer rampupEnd;

    /**
     * @param ratioKey the config key of {@code selectRatio}, for the message when it is not in (0, 1]
     * @param rampupEnd null for {@code iter_max}
     */
    SmallLossCoTraining(String name, int networkCount, String ratioKey, double selectRatio, int rampupStart,
                        Integer rampupEnd) {
        if (!(selectRatio > 0 && selectRatio <= 1)) {
            throw PymicException.config(ratioKey + " must be in (0, 1], got " + selectRatio);
        }
        this.name = name;
        List<String> nets = new ArrayList<>();
        for (int i = 0; i < networkCount; i++) {
            nets.add("net" + (i + 1));
        }
        this.networks = List.copyOf(nets);
        this.selectRatio = selectRatio;
        this.rampupStart = rampupStart;
        this.rampupEnd = rampupEnd;
    }

    /** The fraction of pixels each network keeps at this step. */
    public abstract double keptFraction(StepContext ctx);

    /** A network's 0/1 selection (M) of its small-loss pixels from its losses (M), without gradient. */
    abstract NDArray select(NDArray losses, double kept);

    /** What the step minimises, from the sum and the mean of the networks' selected losses. */
    abstract NDArray objective(NDArray sum, NDArray mean);

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, SegNetwork> createNetworks(NetworkFactory factory) {
        return networks(factory, name, networks.size());
    }

    @Override
    public NDArray loss(StepContext ctx) {
        double kept = keptFraction(ctx);
        Terms t = step(ctx, networks, this::select, kept);
        NDArray sum = sum(t);
        NDArray mean = Scalars.div(sum, networks.size());
        ctx.record("loss", mean);
        record(ctx, t, kept);
        return objective(sum, mean);
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
