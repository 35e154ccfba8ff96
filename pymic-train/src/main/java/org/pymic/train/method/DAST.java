package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.loss.LossInput;
import org.pymic.loss.Scalars;
import org.pymic.net.HeadKind;
import org.pymic.net.NetOutput;
import org.pymic.net.SegNetwork;

/**
 * Divergence-aware selective training (Yang et al., "Learning COVID-19 pneumonia lesion segmentation
 * from imperfect annotations via divergence-aware selective training", JBHI 2022), as PyMIC's
 * {@code NLLDAST} (method name {@code DAST} in {@code [noisy_label_learning]}). A dual-branch network
 * ({@code UNet2D_DualBranch}) sees the clean stream ({@code train_csv}) and the noisy stream
 * ({@code train_csv_noise}, {@code train_batch_size_noise}) as one batch; the first decoder (the clean
 * branch, {@code b0}) is supervised on the clean cases, the second ({@code b1}) on the noisy ones:
 * {@code L = (L_sup(b0, clean) + L_sup(b1, noisy)) / 2}. On the noisy batch, with the probabilities
 * {@code p0 = softmax(b0)}, {@code p1 = softmax(b1)}, the noisy labels {@code y}, the cross-entropy
 * {@code ce(p) = -sum_k y_k log(0.999 p_k + 5e-4)} and the per-pixel divergence
 * {@code v = (KL(p0 || p1) + KL(p1 || p0)) / 2} (logs of {@code p + 1e-16}), the selection criterion is
 * <pre>
 *   loss_n = mean(ce(p0) exp(-16 v)),   loss_c = mean(ce(p1) exp(-16 v))
 * </pre>
 * (PyMIC's naming, kept). Each goes into a rank queue of the last {@code dast_rank_length} values
 * ({@link Rank}). When {@code loss_n < loss_c}: if {@code rank_c >= L (1 - dast_select_ratio)} the
 * divergence-based consistency {@code (KL(sg p0 || p1) + KL(sg p1 || p0)) / 2} (mean over pixels) is added
 * with weight {@code dast_dbc_w}; if {@code rank_n <= L dast_select_ratio} the self-training term
 * {@code mean |p0 - sharpen(q, 0.5)|} with {@code q = (onehot(argmax b0) + onehot(argmax b1) + y) / 3} is
 * added with weight {@code dast_st_w}; both weights ramp up with PyMIC's sigmoid from {@code rampup_start}
 * to {@code rampup_end}. As in PyMIC a queue that is still filling ranks its value -1, so self-training
 * may apply during the first {@code L} steps and the consistency does not. The two queues are method
 * state, saved in every checkpoint and restored on resume.
 */
public final class DAST implements Method {
    public static final String NAME = "DAST";
    public static final ComponentSpec SPEC = RegularWeight.declareRampup(ComponentSpec.builder(ComponentKind.METHOD, NAME)
            .doc("Divergence-aware selective training (Yang et al. 2022): a dual-branch network on clean and noisy"
                    + " streams, with rank-selected consistency and self-training.")
            .optional("dast_dbc_w", ParamType.FLOAT, 0.1, "weight of the divergence-based consistency after the ramp-up")
            .optional("dast_st_w", ParamType.FLOAT, 0.1, "weight of the self-training loss after the ramp-up")
            .optional("dast_rank_length", ParamType.INT, 20, "length of the rank queues of the selection criteria")
            .optional("dast_select_ratio", ParamType.FLOAT, 0.2, "fraction of the rank queue that selects a step"))
            .factory(p -> new DAST(p.getDouble("dast_dbc_w"), p.getDouble("dast_st_w"), p.getInt("dast_rank_length"),
                    p.getDouble("dast_select_ratio"), RegularWeight.start(p), RegularWeight.end(p)))
            .build();

    /** The noisy stream: {@code train_csv_noise}, {@code train_batch_size_noise}, the training transforms. */
    public static final StreamSpec NOISY = StreamSpec.NOISY;

    private final double dbcW;
    private final double stW;
    private final int rankLength;
    private final double selectRatio;
    private final int rampupStart;
    private final Integer rampupEnd;
    private final Rank noisyRank;
    private final Rank cleanRank;

    public DAST(double dbcW, double stW, int rankLength, double selectRatio, int rampupStart, Integer rampupEnd) {
        if (rankLength < 1) {
            throw PymicException.config("dast_rank_length must be >= 1, got " + rankLength);
        }
        if (!(selectRatio >= 0 && selectRatio <= 1)) {
            throw PymicException.config("dast_select_ratio must be in [0, 1], got " + selectRatio);
        }
        this.dbcW = dbcW;
        this.stW = stW;
        this.rankLength = rankLength;
        this.selectRatio = selectRatio;
        this.rampupStart = rampupStart;
        this.rampupEnd = rampupEnd;
        this.noisyRank = new Rank(rankLength);
        this.cleanRank = new Rank(rankLength);
    }

    /**
     * PyMIC's {@code Rank}: a queue of the last {@code length} values. While it fills, adding a value
     * returns -1; once full, the oldest value leaves and the new one's rank (0-based position in
     * ascending order; an equal earlier value counts as smaller, a stable sort) is returned.
     */
    public static final class Rank {
        private final int length;
        private final ArrayDeque<Double> values = new ArrayDeque<>();

        public Rank(int length) {
            this.length = length;
        }

        public int add(double v) {
            if (values.size() < length) {
                values.addLast(v);
                return -1;
            }
            values.removeFirst();
            values.addLast(v);
            int rank = 0;
            int i = 0;
            for (double x : values) {
                if (i++ < length - 1 && x <= v) {
                    rank++;
                }
            }
            return rank;
        }

        public List<Double> values() {
            return List.copyOf(values);
        }

        byte[] save() {
            ByteBuffer b = ByteBuffer.allocate(4 + 8 * values.size()).putInt(values.size());
            values.forEach(b::putDouble);
            return b.array();
        }

        void load(byte[] blob) {
            ByteBuffer b = ByteBuffer.wrap(blob);
            int n = b.getInt();
            if (n < 0 || n > length || blob.length != 4 + 8 * n) {
                throw PymicException.data("DAST rank queue in the checkpoint holds " + n + " values (" + blob.length
                        + " bytes), expected at most dast_rank_length = " + length);
            }
            values.clear();
            for (int i = 0; i < n; i++) {
                values.addLast(b.getDouble());
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SegNetwork> createNetworks(NetworkFactory factory) {
        return Methods.withHeads(factory, HeadKind.BRANCH, NAME, "a dual-branch network such as UNet2D_DualBranch");
    }

    @Override
    public List<StreamSpec> streams() {
        return List.of(StreamSpec.LABELLED, NOISY);
    }

    public Rank noisyRank() {
        return noisyRank;
    }

    public Rank cleanRank() {
        return cleanRank;
    }

    /**
     * The selection criterion {@code {loss_n, loss_c}} from the probabilities of the noisy branch
     * {@code p1}, of the clean branch {@code p0} and the noisy soft labels {@code y}, all (N, K, M)
     * flattened with M pixels per sample.
     */
    public static double[] criterion(float[] p1, float[] p0, float[] y, int n, int k, int m) {
        double sumN = 0;
        double sumC = 0;
        for (int s = 0; s < n; s++) {
            for (int x = 0; x < m; x++) {
                double ce1 = 0;
                double ce0 = 0;
                double kl10 = 0;
                double kl01 = 0;
                for (int c = 0; c < k; c++) {
                    int i = (s * k + c) * m + x;
                    ce1 -= y[i] * Math.log(p1[i] * 0.999 + 5e-4);
                    ce0 -= y[i] * Math.log(p0[i] * 0.999 + 5e-4);
                    double l1 = Math.log(p1[i] + 1e-16);
                    double l0 = Math.log(p0[i] + 1e-16);
                    kl01 += p0[i] * (l0 - l1);
                    kl10 += p1[i] * (l1 - l0);
                }
                double w = Math.exp(-16 * (kl01 + kl10) / 2);
                sumN += ce0 * w;
                sumC += ce1 * w;
            }
        }
        return new double[] {sumN / (n * m), sumC / (n * m)};
    }

    /** Which terms a step adds, from its criterion and ranks: {@code {consistency, self-training}}. */
    public boolean[] select(double lossN, double lossC, int rankN, int rankC) {
        if (!(lossN < lossC)) {
            return new boolean[] {false, false};
        }
        return new boolean[] {rankC >= rankLength * (1 - selectRatio), rankN <= rankLength * selectRatio};
    }

    private static float[] floats(NDArray a) {
        return a.stopGradient().toType(DataType.FLOAT32, false).toFloatArray();
    }

    /** {@code mean_pixels sum_k target (log(target + 1e-16) - log(input + 1e-16))}, the target without gradient. */
    static NDArray kl(NDArray input, NDArray target) {
        NDArray t = target.stopGradient();
        return t.mul(t.add(1e-16).log().sub(input.add(1e-16).log())).sum(new int[] {1}).mean();
    }

    @Override
    public NDArray loss(StepContext ctx) {
        NDArray x0 = ctx.image();
        NDArray x1 = ctx.image(NOISY.name());
        long n0 = x0.getShape().get(0);
        NetOutput out = ctx.forward("net", x0.concat(x1, 0));
        List<NDArray> branches = out.branches();
        NDArray b0 = branches.get(0);
        NDArray b1 = branches.get(1);
        NDArray b0x1 = b0.get(n0 + ":");
        NDArray b1x1 = b1.get(n0 + ":");
        NDArray y1 = ctx.label(NOISY.name());
        NDArray supClean = ctx.supervisedLoss(NetOutput.of(b0.get("0:" + n0)));
        NDArray supNoisy = ctx.supervisedLoss().compute(new LossInput(x1, NetOutput.of(b1x1), y1,
                ctx.pixelWeight(NOISY.name())));
        NDArray sup = Scalars.div(supClean.add(supNoisy), 2);
        NDArray loss = sup;

        int end = rampupEnd == null ? ctx.iterMax() : rampupEnd;
        double ramp = ctx.rampup(rampupStart, end, "sigmoid");
        NDArray p1 = b1x1.softmax(1);
        NDArray p0 = b0x1.softmax(1);
        long[] shape = p0.getShape().getShape();
        int n = (int) shape[0];
        int k = (int) shape[1];
        int m = (int) (p0.size() / ((long) n * k));
        double[] crit = criterion(floats(p1), floats(p0), floats(y1), n, k, m);
        int rankN = noisyRank.add(crit[0]);
        int rankC = cleanRank.add(crit[1]);
        boolean[] sel = select(crit[0], crit[1], rankN, rankC);
        double dbc = 0;
        double st = 0;
        if (sel[0]) {
            NDArray c = Scalars.div(kl(p1, p0).add(kl(p0, p1)), 2);
            dbc = StepContext.scalar(c);
            loss = loss.add(Scalars.mul(c, dbcW * ramp));
        }
        if (sel[1]) {
            NDArray q = oneHotArgmax(b0x1).add(oneHotArgmax(b1x1)).add(y1.stopGradient());
            NDArray target = Sharpening.sharpen(Scalars.div(q, 3), 0.5).stopGradient();
            NDArray s = p0.sub(target).abs().mean();
            st = StepContext.scalar(s);
            loss = loss.add(Scalars.mul(s, stW * ramp));
        }
        ctx.record("loss", loss);
        ctx.record("loss_sup", sup);
        ctx.record("loss_dbc", dbc);
        ctx.record("loss_st", st);
        ctx.record("regular_w", dbcW * ramp);
        return loss;
    }

    /** One-hot (N, K, ...) of the arg-max over classes, without gradient. */
    static NDArray oneHotArgmax(NDArray logits) {
        NDArray a = logits.stopGradient();
        NDArray max = a.max(new int[] {1}, true);
        // first maximum only, as torch.argmax: mark maxima, then keep those with no earlier maximum
        NDArray isMax = a.gte(max).toType(a.getDataType(), false);
        NDArray earlier = isMax.cumSum(1).sub(isMax);
        return isMax.mul(earlier.eq(0).toType(a.getDataType(), false));
    }

    @Override
    public Map<String, byte[]> saveState() {
        return Map.of("dast_noisy_rank", noisyRank.save(), "dast_clean_rank", cleanRank.save());
    }

    @Override
    public void loadState(Map<String, byte[]> state) {
        byte[] n = state.get("dast_noisy_rank");
        byte[] c = state.get("dast_clean_rank");
        if (n == null || c == null) {
            throw PymicException.data("the checkpoint has no DAST rank queues (method_dast_noisy_rank,"
                    + " method_dast_clean_rank): it was not written by a DAST run");
        }
        noisyRank.load(n);
        cleanRank.load(c);
    }

    /** For the record: the method's settings. */
    @Override
    public String toString() {
        List<String> s = new ArrayList<>();
        s.add("dbc_w=" + dbcW);
        s.add("st_w=" + stW);
        s.add("rank_length=" + rankLength);
        s.add("select_ratio=" + selectRatio);
        return NAME + s;
    }
}
