package org.pymic.train.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;
import org.pymic.loss.CrossEntropyLoss;
import org.pymic.net.HeadSpec;
import org.pymic.net.SegNetwork;
import org.pymic.train.BatchSource;
import org.pymic.train.NetworkOptimizer;
import org.pymic.train.SegmentationTrainer;
import org.pymic.train.ValidationCase;
import org.pymic.train.optim.Adam;
import org.pymic.train.optim.FixedLr;

/** DAST's rank queues and selection by hand, its loss terms, and a toy run against cross-entropy. */
class DASTTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void rankQueueFillsThenRanksTheNewestValue() {
        DAST.Rank r = new DAST.Rank(4);
        // while filling: -1
        assertThat(new int[] {r.add(5), r.add(1), r.add(3), r.add(7)}).containsExactly(-1, -1, -1, -1);
        // queue 1 3 7 2 (5 left): 2 is above 1 only
        assertThat(r.add(2)).isEqualTo(1);
        assertThat(r.values()).containsExactly(1.0, 3.0, 7.0, 2.0);
        // queue 3 7 2 9: 9 is the largest, rank 3
        assertThat(r.add(9)).isEqualTo(3);
        // queue 7 2 9 0.5: the smallest, rank 0
        assertThat(r.add(0.5)).isEqualTo(0);
        // queue 2 9 0.5 2: an equal earlier value counts as smaller (stable sort)
        assertThat(r.add(2)).isEqualTo(2);
    }

    @Test
    void selectionFollowsPymicsRankThresholds() {
        // L = 20, ratio 0.2: consistency when rank_c >= 16, self-training when rank_n <= 4, only if loss_n < loss_c
        DAST d = new DAST(0.1, 0.1, 20, 0.2, 0, null);
        assertThat(d.select(0.3, 0.5, 4, 16)).containsExactly(true, true);
        assertThat(d.select(0.3, 0.5, 5, 15)).containsExactly(false, false);
        assertThat(d.select(0.3, 0.5, -1, -1)).containsExactly(false, true);
        assertThat(d.select(0.5, 0.5, 0, 19)).containsExactly(false, false);
        assertThat(d.select(0.6, 0.5, 0, 19)).containsExactly(false, false);
    }

    @Test
    void criterionByHand() {
        // one sample, two classes, two pixels; noisy labels: pixel 0 class 1, pixel 1 class 0
        // layout (N, K, M): class 0 of both pixels, then class 1
        float[] p1 = {0.2f, 0.6f, 0.8f, 0.4f}; // noisy branch
        float[] p0 = {0.4f, 0.9f, 0.6f, 0.1f}; // clean branch
        float[] y = {0, 1, 1, 0};
        double[] got = DAST.criterion(p1, p0, y, 1, 2, 2);
        double v0 = (sym(0.4, 0.2) + sym(0.6, 0.8)) / 2; // (KL(p0||p1) + KL(p1||p0)) / 2 at pixel 0
        double v1 = (sym(0.9, 0.6) + sym(0.1, 0.4)) / 2;
        double w0 = Math.exp(-16 * v0);
        double w1 = Math.exp(-16 * v1);
        double lossN = (ce(0.6) * w0 + ce(0.9) * w1) / 2; // cross-entropy of the clean branch
        double lossC = (ce(0.8) * w0 + ce(0.6) * w1) / 2; // of the noisy branch
        assertThat(got[0]).isCloseTo(lossN, within(1e-6));
        assertThat(got[1]).isCloseTo(lossC, within(1e-6));
    }

    /** {@code a log(a / b) + b log(b / a)} of one class pair: the sum of both KL directions' terms. */
    private static double sym(double a, double b) {
        return (a - b) * Math.log(a / b);
    }

    private static double ce(double p) {
        return -Math.log(0.999 * p + 5e-4);
    }

    private static float logit(double p) {
        return (float) Math.log(p / (1 - p));
    }

    /** Two-class logits (N=1 per stream, one pixel) of a dual-branch network with class-1 probabilities per sample. */
    private static SegNetwork dualConstant(double[] main1, double[] branch1) {
        int n = main1.length;
        float[] a = new float[2 * n];
        float[] b = new float[2 * n];
        for (int i = 0; i < n; i++) {
            a[i * 2 + 1] = logit(main1[i]);
            b[i * 2 + 1] = logit(branch1[i]);
        }
        ai.djl.nn.LambdaBlock blk = new ai.djl.nn.LambdaBlock(in -> {
            NDManager m = in.head().getManager();
            return new NDList(m.create(a, new Shape(n, 2, 1, 1)), m.create(b, new Shape(n, 2, 1, 1)));
        });
        return new SegNetwork("ConstDual", blk, 2, 1, 2, false,
                training -> training ? HeadSpec.mainAndBranches(2) : List.of(HeadSpec.MAIN));
    }

    private static org.pymic.io.data.Batch onePixel(int cls) {
        float[] lab = new float[2];
        lab[cls] = 1;
        return ConstantNetworks.batch(1, 1, 1, lab, null);
    }

    @Test
    void lossTermsByHandOnOnePixel() {
        // sample 0 clean (label 1), sample 1 noisy (label 1); clean branch p(1) = 0.7 / 0.9, noisy branch 0.6 / 0.3
        SegNetwork net = dualConstant(new double[] {0.7, 0.9}, new double[] {0.6, 0.3});
        DAST d = new DAST(0.5, 0.25, 2, 0.5, 0, 0);
        for (int step = 0; step < 3; step++) {
            StepContext ctx = new StepContext(manager, 10, 100, Map.of(StreamSpec.LABELLED.name(), onePixel(1),
                    DAST.NOISY.name(), onePixel(1)), ConstantNetworks.named("net", net), new CrossEntropyLoss(),
                    Params.empty("test"));
            double loss = StepContext.scalar(d.loss(ctx));
            // supervised: CE of the clean branch on the clean sample, of the noisy branch on the noisy one
            double sup = (ce(0.7) + ce(0.3)) / 2;
            assertThat(ctx.terms().get("loss_sup")).isCloseTo(sup, within(1e-5));
            // on the noisy sample loss_n = ce(0.9) w < loss_c = ce(0.3) w: the step may select.
            // Ranks: steps 0 and 1 fill the queues (-1: self-training, no consistency); step 2 ranks an equal
            // value above the earlier one (rank 1 of L = 2): consistency (1 >= 2 (1 - 0.5)) and self-training
            // (1 <= 2 0.5)
            double kl = (0.9 * Math.log(0.9 / 0.3) + 0.1 * Math.log(0.1 / 0.7) + 0.3 * Math.log(0.3 / 0.9)
                    + 0.7 * Math.log(0.7 / 0.1)) / 2;
            // pseudo-label q = (onehot(1) + onehot(0) + y = onehot(1)) / 3 = (1/3, 2/3), sharpened at T = 0.5
            double q0 = (1.0 / 9) / (1.0 / 9 + 4.0 / 9);
            double st = (Math.abs(0.1 - q0) + Math.abs(0.9 - (1 - q0))) / 2;
            if (step < 2) {
                assertThat(ctx.terms().get("loss_dbc")).isZero();
                assertThat(ctx.terms().get("loss_st")).isCloseTo(st, within(1e-5));
                assertThat(loss).isCloseTo(sup + 0.25 * st, within(1e-5));
            } else {
                assertThat(ctx.terms().get("loss_dbc")).isCloseTo(kl, within(1e-5));
                assertThat(ctx.terms().get("loss_st")).isCloseTo(st, within(1e-5));
                assertThat(loss).isCloseTo(sup + 0.5 * kl + 0.25 * st, within(1e-5));
            }
        }
        assertThat(d.noisyRank().values()).hasSize(2);
    }

    @Test
    void rankQueuesRoundTripThroughTheCheckpointState() {
        DAST a = new DAST(0.1, 0.1, 3, 0.2, 0, null);
        for (double v : new double[] {0.5, 0.25, 1.0 / 3, 0.75}) {
            a.noisyRank().add(v);
            a.cleanRank().add(-v);
        }
        DAST b = new DAST(0.1, 0.1, 3, 0.2, 0, null);
        b.loadState(a.saveState());
        assertThat(b.noisyRank().values()).containsExactlyElementsOf(a.noisyRank().values());
        assertThat(b.cleanRank().values()).containsExactlyElementsOf(a.cleanRank().values());
        DAST shorter = new DAST(0.1, 0.1, 2, 0.2, 0, null);
        assertThatThrownBy(() -> shorter.loadState(a.saveState())).hasMessageContaining("dast_rank_length");
        assertThatThrownBy(() -> b.loadState(Map.of())).hasMessageContaining("rank queues");
    }

    @Test
    void registeredWithPymicsDefaultsAndNeedsTwoBranches() {
        ComponentSpec spec = Registry.global().require(ComponentKind.METHOD, "DAST");
        Params p = Params.resolve(spec, Map.of());
        assertThat(p.getInt("dast_rank_length")).isEqualTo(20);
        assertThat(p.getDouble("dast_select_ratio")).isEqualTo(0.2);
        assertThat(p.getDouble("dast_dbc_w")).isEqualTo(0.1);
        assertThat(p.getDouble("dast_st_w")).isEqualTo(0.1);
        assertThat((Object) spec.create(p)).isInstanceOf(DAST.class);
        assertThat(new DAST(0.1, 0.1, 20, 0.2, 0, null).streams()).extracting(StreamSpec::csvKey)
                .containsExactly("train_csv", "train_csv_noise");
        assertThatThrownBy(() -> new DAST(0.1, 0.1, 20, 0.2, 0, null).createNetworks(ToyDiscs.tinyNetworks(1)))
                .hasMessageContaining("dual-branch");
    }

    /** A shared conv3x3(8)-relu trunk and two conv3x3(8)-relu-conv1x1(2) heads; evaluation returns the first. */
    static final class ToyDual extends AbstractBlock {
        private final Block trunk;
        private final Block head1;
        private final Block head2;

        ToyDual() {
            trunk = addChildBlock("trunk", new SequentialBlock().add(Conv2d.builder().setKernelShape(new Shape(3, 3))
                    .optPadding(new Shape(1, 1)).setFilters(8).build()).add(Activation::relu));
            head1 = addChildBlock("head1", head());
            head2 = addChildBlock("head2", head());
        }

        private static Block head() {
            return new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                    .add(Activation::relu)
                    .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDList f = trunk.forward(ps, inputs, training, params);
            NDArray a = head1.forward(ps, f, training, params).head();
            return training ? new NDList(a, head2.forward(ps, f, training, params).head()) : new NDList(a);
        }

        @Override
        public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            trunk.initialize(manager, dataType, inputShapes);
            Shape[] f = trunk.getOutputShapes(inputShapes);
            head1.initialize(manager, dataType, f);
            head2.initialize(manager, dataType, f);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape s = inputShapes[0];
            return new Shape[] {new Shape(s.get(0), 2, s.get(2), s.get(3))};
        }
    }

    static NetworkFactory toyDual() {
        return NetworkFactory.of(() -> new SegNetwork("ToyDual", new ToyDual(), 2, 1, 2, false,
                training -> training ? HeadSpec.mainAndBranches(2) : List.of(HeadSpec.MAIN)));
    }

    /** Over-segmented labels: each disc annotated {@code by} pixels too large. */
    static ToyDiscs.Annotator dilated(double by) {
        return d -> {
            float[] lab = new float[ToyDiscs.V];
            double r = d.radius() + by;
            for (int y = 0; y < ToyDiscs.SIZE; y++) {
                for (int x = 0; x < ToyDiscs.SIZE; x++) {
                    lab[y * ToyDiscs.SIZE + x] = (y - d.cy()) * (y - d.cy()) + (x - d.cx()) * (x - d.cx()) <= r * r ? 1 : 0;
                }
            }
            return new float[][] {lab, null};
        };
    }

    static double train(Path dir, Method method, NetworkFactory nets, BatchSource.Opener clean,
                        BatchSource.Opener noisy, List<ValidationCase> valid, int iters) {
        SegmentationTrainer.Builder b = SegmentationTrainer.builder(ToyDiscs.config(dir, iters, iters))
                .setMethod(method, null)
                .setNetworkFactory(nets)
                .setLoss(new CrossEntropyLoss())
                .setOptimizerFactory((name, net) -> new NetworkOptimizer(net, Adam.builder().build(), new FixedLr(0.01)))
                .setLabelled(clean)
                .optValidation(valid)
                .optProgress(false);
        if (noisy != null) {
            b.optStream(DAST.NOISY.name(), noisy);
        }
        try (SegmentationTrainer t = b.build()) {
            t.train();
            return t.validate()[1];
        }
    }

    @Test
    void dastBeatsCrossEntropyOnTheSameNoisyLabels(@TempDir Path dir) {
        int iters = Integer.getInteger("toy.iters", 120);
        double noise = 0.5;
        List<ToyDiscs.Disc> cleanCases = ToyDiscs.pool(21, 2, noise);
        List<ToyDiscs.Disc> noisyCases = ToyDiscs.pool(22, 10, noise);
        List<ValidationCase> val = ToyDiscs.validation(99, 6, noise);
        // One-sided noise (every noisy disc over-segmented by 2.5 pixels): cross-entropy learns the bias. On
        // these small discs PyMIC's symmetric model (dilation, erosion, edge distortion at radii 1-3) hardly
        // hurts cross-entropy, and DAST does not beat it there (Dice 0.91 against 0.92 at 120 iterations).
        ToyDiscs.Annotator corrupt = dilated(2.5);
        // the baseline: plain cross-entropy on the mixed list (the clean cases and the noisy ones), 4 per batch
        List<ToyDiscs.Disc> all = new ArrayList<>(cleanCases);
        all.addAll(noisyCases);
        ToyDiscs.Annotator mixed = d -> cleanCases.contains(d) ? new float[][] {d.label(), null} : corrupt.annotate(d);
        double ce = train(dir.resolve("ce"), new FullySupervised(), ToyDiscs.tinyNetworks(1),
                ToyDiscs.labelled(all, 4, 5, mixed), null, val, iters);
        double dast = train(dir.resolve("dast"), new DAST(0.1, 0.1, 20, 0.2, 0, iters / 2), toyDual(),
                ToyDiscs.labelled(cleanCases, 2, 5, ToyDiscs.exact()), ToyDiscs.labelled(noisyCases, 2, 6, corrupt),
                val, iters);
        System.out.printf("toy: dast %.4f ce %.4f%n", dast, ce);
        assertThat(dast).isGreaterThan(ce + 0.1);
    }

    private static SegmentationTrainer.Builder resumable(org.pymic.core.config.Config cfg, DAST method) {
        double noise = 0.5;
        return SegmentationTrainer.builder(cfg)
                .setMethod(method, null)
                .setNetworkFactory(toyDual())
                .setLoss(new CrossEntropyLoss())
                .setOptimizerFactory((name, net) -> new NetworkOptimizer(net, Adam.builder().build(), new FixedLr(0.01)))
                .setLabelled(ToyDiscs.labelled(ToyDiscs.pool(21, 2, noise), 2, 5, ToyDiscs.exact()))
                .optStream(DAST.NOISY.name(), ToyDiscs.labelled(ToyDiscs.pool(22, 6, noise), 2, 6, dilated(2.5)))
                .optValidation(ToyDiscs.validation(99, 2, noise))
                .optProgress(false);
    }

    private static List<float[]> params(SegNetwork n) {
        List<float[]> out = new ArrayList<>();
        for (ai.djl.nn.Parameter p : n.namedParameters().values()) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void rankQueuesResumeBitExactly(@TempDir Path dir) {
        ai.djl.engine.Engine.getEngine("PyTorch");
        int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
        try {
            // queues of 3: full after 3 steps, so steps 4 to 6 rank against values from before the resume
            DAST straight = new DAST(0.5, 0.5, 3, 0.4, 0, 0);
            List<float[]> a;
            try (SegmentationTrainer t = resumable(ToyDiscs.config(dir.resolve("a"), 6, 3), straight).build()) {
                t.train();
                a = params(t.networks().get("net"));
            }
            Path b = dir.resolve("b");
            DAST first = new DAST(0.5, 0.5, 3, 0.4, 0, 0);
            try (SegmentationTrainer t = resumable(ToyDiscs.config(b, 3, 3), first).build()) {
                t.train();
            }
            org.pymic.train.Checkpoint ck = org.pymic.train.Checkpoint.read(org.pymic.train.Checkpoint.path(b, "toy", 3));
            assertThat(ck.state("method_dast_noisy_rank")).isNotNull();
            assertThat(ck.state("method_dast_clean_rank")).isNotNull();
            DAST resumed = new DAST(0.5, 0.5, 3, 0.4, 0, 0);
            org.pymic.core.config.Config cfg = ToyDiscs.config(b, 6, 3);
            cfg.withOverride("training.ckpt_init_name=toy_3.ckpt");
            cfg.withOverride("training.ckpt_init_mode=1");
            List<float[]> r;
            try (SegmentationTrainer t = resumable(cfg, resumed).build()) {
                t.train();
                r = params(t.networks().get("net"));
            }
            assertThat(resumed.noisyRank().values()).hasSize(3).containsExactlyElementsOf(straight.noisyRank().values());
            assertThat(resumed.cleanRank().values()).containsExactlyElementsOf(straight.cleanRank().values());
            for (int i = 0; i < a.size(); i++) {
                assertThat(r.get(i)).as("parameter %d", i).containsExactly(a.get(i));
            }
        } finally {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
    }
}
