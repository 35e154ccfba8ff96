package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.loss.CombinedLoss;
import org.pymic.loss.CrossEntropyLoss;
import org.pymic.loss.DeepSuperviseLoss;
import org.pymic.loss.DiceLoss;
import org.pymic.loss.LossInput;
import org.pymic.loss.SegLoss;
import org.pymic.net.NetOutput;
import org.pymic.net.Networks;
import org.pymic.net.SegNetwork;
import org.pymic.train.method.FullySupervised;
import org.pymic.train.optim.Adam;
import org.pymic.train.optim.FixedLr;
import org.pymic.train.optim.Gradients;

/**
 * Data-parallel training ({@link DataParallel}) checked with two replicas on the CPU device (distinct
 * parameter arrays on one device): the split forward gives the single network's output and heads, the
 * reduced gradients are the single network's on the whole batch, the replicas hold the primary's values
 * after every step, and training with two replicas gives the weights of training on one device.
 */
class DataParallelTest {
    private static final Shape IN = new Shape(3, 1, 32, 32);

    /** A tiny UNet2D with deep-supervision heads; instance norm normalises per sample, so shards agree with the batch. */
    private static Map<String, Object> unet(String norm) {
        Map<String, Object> v = new HashMap<>();
        v.put("in_chns", 1);
        v.put("class_num", 2);
        v.put("feature_chns", List.of(2, 4, 4, 8, 8));
        v.put("dropout", List.of(0, 0, 0, 0, 0));
        v.put("multiscale_pred", true);
        v.put("norm", norm);
        return v;
    }

    private static NDArray random(NDManager m, Shape s, long seed) {
        Random r = new Random(seed);
        float[] d = new float[(int) s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return m.create(d, s);
    }

    /** A one-hot label of random classes, (N, 2, H, W). */
    private static NDArray label(NDManager m, long seed) {
        Random r = new Random(seed);
        int v = 32 * 32;
        float[] d = new float[3 * 2 * v];
        for (int n = 0; n < 3; n++) {
            for (int p = 0; p < v; p++) {
                d[(n * 2 + r.nextInt(2)) * v + p] = 1f;
            }
        }
        return m.create(d, new Shape(3, 2, 32, 32));
    }

    private static SegLoss loss() {
        return new DeepSuperviseLoss(new CombinedLoss(List.of(new CrossEntropyLoss(), new DiceLoss()),
                new double[] {0.5, 0.5}), null, 2);
    }

    private static void assertClose(NDArray actual, NDArray expected, double tol, String what) {
        assertThat(actual.getShape()).as(what).isEqualTo(expected.getShape());
        assertThat(actual.getDevice()).as(what).isEqualTo(expected.getDevice());
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertThat((double) a[i]).as("%s[%d]", what, i).isCloseTo(e[i], org.assertj.core.data.Offset.offset(tol));
        }
    }

    @Test
    void batchesSplitAsTorchChunk() {
        assertThat(DataParallel.shardSizes(3, 2)).containsExactly(2, 1);
        assertThat(DataParallel.shardSizes(4, 2)).containsExactly(2, 2);
        assertThat(DataParallel.shardSizes(1, 2)).containsExactly(1);
        assertThat(DataParallel.shardSizes(8, 3)).containsExactly(3, 3, 2);
        assertThat(DataParallel.shardSizes(5, 4)).as("torch.chunk uses ceil-sized shards").containsExactly(2, 2, 1);
    }

    @Test
    void djlsCopyBetweenDevicesRecordsNoGradientSoTheReplicasGetTheirsByAnotherBackward() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray a = random(m, new Shape(4), 1);
            a.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // JniUtils.to is the op behind NDArray.toDevice; changing the type shows it on one device
                NDArray b = JniUtils.to((PtNDArray) a, DataType.FLOAT64, Device.cpu());
                assertThat(b.hasGradient()).as("DJL's to runs under NoGradGuard").isFalse();
                assertThatThrownBy(() -> gc.backward(b.sum())).hasMessageContaining("does not require grad");
            }
        }
    }

    @Test
    void theSplitForwardGivesTheSingleNetworksOutputAndEveryHead() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Map<String, Object> cfg = unet("instance");
            SegNetwork net = Networks.create("UNet2D", cfg);
            net.initialize(m, IN);
            DataParallel dp = DataParallel.of(net, () -> Networks.create("UNet2D", cfg), List.of(Device.cpu(), Device.cpu()),
                    m, IN);
            assertThat(dp.replicas()).hasSize(2);
            Parameter p0 = net.parameters().get(0);
            Parameter p1 = dp.replicas().get(1).parameters().get(0);
            assertThat(p1.getArray()).as("a replica has its own arrays").isNotSameAs(p0.getArray());
            assertThat(p1.getArray().toFloatArray()).containsExactly(p0.getArray().toFloatArray());
            try (NDManager sm = m.newSubManager()) {
                NDArray x = random(sm, IN, 7);
                for (boolean training : new boolean[] {true, false}) {
                    NetOutput one = net.forward(new ParameterStore(sm, false), x, training);
                    NetOutput split = dp.forward(new ParameterStore(sm, false), x, training);
                    assertThat(split.heads().stream().map(NetOutput.Head::name).toList())
                            .isEqualTo(one.heads().stream().map(NetOutput.Head::name).toList());
                    assertThat(split.heads()).hasSize(training ? 4 : 1);
                    for (int h = 0; h < one.heads().size(); h++) {
                        assertClose(split.heads().get(h).array(), one.heads().get(h).array(), 1e-5,
                                one.heads().get(h).name() + (training ? " (training)" : " (eval)"));
                    }
                }
            }
        }
    }

    @Test
    void withBatchNormTheEvaluationForwardAgreesAndTrainingKeepsTheFirstShardsStatistics() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Map<String, Object> cfg = unet("batch");
            SegNetwork net = Networks.create("UNet2D", cfg);
            net.initialize(m, IN);
            SegNetwork ref = Networks.create("UNet2D", cfg);
            ref.initialize(m, IN);
            copy(net, ref);
            DataParallel dp = DataParallel.of(net, () -> Networks.create("UNet2D", cfg), List.of(Device.cpu(), Device.cpu()),
                    m, IN);
            try (NDManager sm = m.newSubManager()) {
                NDArray x = random(sm, IN, 8);
                assertClose(dp.forward(new ParameterStore(sm, false), x, false).main(),
                        ref.forward(new ParameterStore(sm, false), x, false).main(), 1e-5, "eval main");
                // training mode: the primary's running statistics move by shard 0 alone, as nn.DataParallel's replica 0
                dp.forward(new ParameterStore(sm, false), x, true);
                ref.forward(new ParameterStore(sm, false), x.get("0:2"), true);
                dp.broadcast();
                for (Map.Entry<String, Parameter> e : ref.namedParameters().entrySet()) {
                    float[] expected = e.getValue().getArray().toFloatArray();
                    assertThat(net.namedParameters().get(e.getKey()).getArray().toFloatArray()).as(e.getKey())
                            .containsExactly(expected);
                    assertThat(dp.replicas().get(1).namedParameters().get(e.getKey()).getArray().toFloatArray())
                            .as("replica " + e.getKey()).containsExactly(expected);
                }
            }
        }
    }

    private static void copy(SegNetwork from, SegNetwork to) {
        Map<String, Parameter> src = from.namedParameters();
        to.namedParameters().forEach((k, p) -> p.getArray().set(src.get(k).getArray().toByteBuffer()));
    }

    @Test
    void reducedGradientsAreTheSingleNetworksAndTheStepReachesEveryReplica() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Map<String, Object> cfg = unet("instance");
            SegNetwork net = Networks.create("UNet2D", cfg);
            net.initialize(m, IN);
            DataParallel dp = DataParallel.of(net, () -> Networks.create("UNet2D", cfg), List.of(Device.cpu(), Device.cpu()),
                    m, IN);
            SegLoss loss = loss();
            List<float[]> single = new ArrayList<>();
            try (NDManager sm = m.newSubManager()) {
                NDArray x = random(sm, IN, 9);
                NDArray y = label(sm, 10);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(loss.compute(new LossInput(x, net.forward(new ParameterStore(sm, false), x, true), y, null)));
                }
                for (Parameter p : net.parameters()) {
                    single.add(Gradients.values(p.getArray()));
                    Gradients.zero(p.getArray());
                }
                List<Parameter> replica = dp.replicas().get(1).parameters();
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(loss.compute(new LossInput(x, dp.forward(new ParameterStore(sm, false), x, true), y, null)));
                    assertThat(Gradients.values(replica.get(0).getArray())).as("the loss's backward stops at the copies")
                            .satisfies(g -> assertThat(g == null || maxAbs(g) == 0).isTrue());
                    dp.backwardReplicas(gc);
                }
            }
            List<Parameter> replica = dp.replicas().get(1).parameters();
            assertThat(Gradients.values(replica.get(0).getArray())).as("the replica's shard reached its parameters")
                    .isNotNull().satisfies(g -> assertThat(maxAbs(g)).isGreaterThan(0));
            dp.reduceGradients();
            List<Parameter> params = net.parameters();
            int checked = 0;
            for (int i = 0; i < params.size(); i++) {
                float[] expected = single.get(i);
                float[] actual = Gradients.values(params.get(i).getArray());
                assertThat(actual == null).as(params.get(i).getName()).isEqualTo(expected == null);
                if (expected == null) {
                    continue;
                }
                for (int k = 0; k < expected.length; k++) {
                    assertThat((double) actual[k]).as("%s grad[%d]", params.get(i).getName(), k)
                            .isCloseTo(expected[k], org.assertj.core.data.Offset.offset(1e-5));
                }
                float[] left = Gradients.values(replica.get(i).getArray());
                assertThat(left == null || maxAbs(left) == 0).as("replica gradient zeroed").isTrue();
                checked++;
            }
            assertThat(checked).isEqualTo(params.size());
            float[] before = params.get(0).getArray().toFloatArray();
            new NetworkOptimizer(net, Adam.builder().build(), new FixedLr(0.01)).step(0);
            assertThat(params.get(0).getArray().toFloatArray()).as("the optimiser stepped the primary").isNotEqualTo(before);
            dp.broadcast();
            Map<String, Parameter> replicaNamed = dp.replicas().get(1).namedParameters();
            net.namedParameters().forEach((k, p) -> assertThat(replicaNamed.get(k).getArray().toFloatArray()).as(k)
                    .containsExactly(p.getArray().toFloatArray()));
        }
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static Map<String, float[]> train(Path dir, DeviceChoice device, int[] replicas) {
        return train(dir, device, replicas, new FullySupervised(), "net").get("net");
    }

    /** The values of every network after 4 steps on batches of 3 (and 3 unlabelled when the method reads them). */
    private static Map<String, Map<String, float[]>> train(Path dir, DeviceChoice device, int[] replicas,
                                                           org.pymic.train.method.Method method, String learner) {
        int[] consumed = {0};
        SegmentationTrainer.Builder builder = SegmentationTrainer.builder(
                        TinyProblem.config(dir, 4, 100, "training.random_seed=3"))
                .setMethod(method, null)
                .setNetworkFactory(TinyProblem.tinyNetworks(1))
                .setLoss(new CombinedLoss(List.of(new CrossEntropyLoss(), new DiceLoss()), new double[] {0.5, 0.5}))
                .setOptimizerFactory((name, net) -> TinyProblem.adam(net, 0.01))
                .setLabelled(TinyProblem.discs(5, 3, true, consumed))
                .optDevice(device)
                .optProgress(false);
        if (method.needsUnlabelled()) {
            builder.optUnlabelled(TinyProblem.discs(6, 3, false, new int[1]));
        }
        try (SegmentationTrainer t = builder.build()) {
            t.train();
            Map<String, Map<String, float[]>> all = new java.util.LinkedHashMap<>();
            t.networks().forEach((name, net) -> {
                Map<String, float[]> values = new java.util.LinkedHashMap<>();
                net.namedParameters().forEach((k, p) -> values.put(k, p.getArray().toFloatArray()));
                all.put(name, values);
            });
            Map<String, float[]> out = all.get(learner);
            DataParallel dp = t.dataParallel().get(learner);
            replicas[0] = dp == null ? 1 : dp.replicas().size();
            assertThat(t.dataParallel().keySet()).as("only learning networks are replicated")
                    .isEqualTo(dp == null ? java.util.Set.of() : java.util.Set.of(learner));
            String log = readLog(dir.resolve("tiny_train.log"));
            assertThat(log).contains("on " + device.note());
            assertThat(log.contains("data parallel: [" + learner + "] replicated on cpu, cpu; each batch split"))
                    .isEqualTo(dp != null);
            if (dp != null) {
                dp.replicas().get(1).namedParameters().forEach((k, p) -> assertThat(p.getArray().toFloatArray())
                        .as("replica " + k + " after training").containsExactly(out.get(k)));
            }
            return all;
        }
    }

    private static double worst(Map<String, float[]> one, Map<String, float[]> two) {
        assertThat(two.keySet()).isEqualTo(one.keySet());
        double worst = 0;
        for (String k : one.keySet()) {
            float[] a = one.get(k);
            float[] b = two.get(k);
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
        }
        return worst;
    }

    private static String readLog(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void trainingWithTwoReplicasGivesTheWeightsOfOneDevice(@TempDir Path dir) {
        int[] n = {0};
        Map<String, float[]> one = train(dir.resolve("one"), new DeviceChoice(Device.cpu(), "cpu"), n);
        assertThat(n[0]).isEqualTo(1);
        Map<String, float[]> two = train(dir.resolve("two"), DeviceChoice.replicas(Device.cpu(), 2, "cpu x2"), n);
        assertThat(n[0]).isEqualTo(2);
        assertThat(worst(one, two)).as("largest weight difference after 4 steps").isLessThan(1e-4);
    }

    @Test
    void aMeanTeacherRunSplitsTheStudentAndKeepsTheTeacherOnThePrimary(@TempDir Path dir) {
        int[] n = {0};
        var one = train(dir.resolve("one"), new DeviceChoice(Device.cpu(), "cpu"), n,
                new org.pymic.train.method.MeanTeacher(0.1, 0, 4, 0.9, 100), "net");
        var two = train(dir.resolve("two"), DeviceChoice.replicas(Device.cpu(), 2, "cpu x2"), n,
                new org.pymic.train.method.MeanTeacher(0.1, 0, 4, 0.9, 100), "net");
        assertThat(n[0]).isEqualTo(2);
        assertThat(worst(one.get("net"), two.get("net"))).as("student").isLessThan(1e-4);
        assertThat(worst(one.get("net_ema"), two.get("net_ema"))).as("teacher").isLessThan(1e-4);
    }
}
