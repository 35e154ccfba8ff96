package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;
import org.pymic.loss.CombinedLoss;
import org.pymic.loss.CrossEntropyLoss;
import org.pymic.loss.DiceLoss;
import org.pymic.train.method.EntropyMinimization;
import org.pymic.train.method.FullySupervised;

class SegmentationTrainerTest {

    private static SegmentationTrainer trainer(Config cfg, int[] consumed, int valCases) {
        return SegmentationTrainer.builder(cfg)
                .setMethod(new FullySupervised(), null)
                .setNetworkFactory(TinyProblem.tinyNetworks(1))
                .setLoss(new CombinedLoss(List.of(new CrossEntropyLoss(), new DiceLoss()), new double[] {0.5, 0.5}))
                .setOptimizerFactory((name, net) -> TinyProblem.adam(net, 0.01))
                .setLabelled(TinyProblem.discs(3, 4, true, consumed))
                .optValidation(TinyProblem.validation(99, valCases))
                .optProgress(false)
                .build();
    }

    private static List<float[]> params(SegmentationTrainer t) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : t.networks().get("net").namedParameters().values()) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void fullySupervisedLearnsTheDiscProblem(@TempDir Path dir) throws Exception {
        int[] consumed = {0};
        try (SegmentationTrainer t = trainer(TinyProblem.config(dir, 100, 50), consumed, 4)) {
            TrainingSummary s = t.train();
            assertThat(s.lastIteration()).isEqualTo(100);
            assertThat(consumed[0]).isEqualTo(100);
            assertThat(s.bestValidDice()).isGreaterThan(0.9);
            assertThat(t.timings()).hasSize(100);
        }
        assertThat(Files.readString(dir.resolve("tiny_best.txt")).trim()).isIn("50", "100");
        assertThat(Files.readString(dir.resolve("tiny_latest.txt")).trim()).isEqualTo("100");
        assertThat(Checkpoint.path(dir, "tiny", 100)).exists();
        List<String> csv = Files.readAllLines(dir.resolve("tiny_metrics.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).startsWith("iteration,kind,train_loss,lr,valid_avg_fg_dice,valid_dice_0,valid_dice_1,data_ms");
        assertThat(csv.get(1)).startsWith("50,train,");
        assertThat(csv.get(2)).startsWith("50,valid,");
        assertThat(csv.get(4)).startsWith("100,valid,");
        assertThat(dir.resolve("tiny_train.log")).exists();
    }

    @Test
    void stepListenerSeesEveryFinishedIteration(@TempDir Path dir) {
        List<Integer> seen = new ArrayList<>();
        try (SegmentationTrainer t = trainer(TinyProblem.config(dir, 5, 5), new int[] {0}, 1)) {
            t.setStepListener(seen::add);
            t.train();
        }
        assertThat(seen).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void reusingTheFirstBatchTrainsEveryStepWithoutTheLoader(@TempDir Path dir) {
        int[] consumed = {0};
        try (SegmentationTrainer t = trainer(TinyProblem.config(dir, 6, 6), consumed, 1)) {
            t.setReuseFirstBatch(true);
            TrainingSummary s = t.train();
            assertThat(s.lastIteration()).isEqualTo(6);
            assertThat(t.timings()).hasSize(6);
        }
        assertThat(consumed[0]).isEqualTo(1);
    }

    /**
     * Bit-exact comparison: the CPU kernels run on one intra-op thread here, because a parallel reduction
     * may split its work differently between runs when the machine is busy, which changes the float
     * rounding of gradients (the loop itself is deterministic, which is what this test checks).
     */
    @Test
    void resumeContinuesExactly(@TempDir Path dir) {
        Engine.getEngine("PyTorch");
        int threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        try {
            resumeContinuesExactlyOnOneThread(dir);
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    private static void resumeContinuesExactlyOnOneThread(Path dir) {
        List<float[]> straight;
        try (SegmentationTrainer t = trainer(TinyProblem.config(dir.resolve("a"), 6, 3), new int[1], 1)) {
            t.train();
            straight = params(t);
        }
        Path b = dir.resolve("b");
        try (SegmentationTrainer t = trainer(TinyProblem.config(b, 3, 3), new int[1], 1)) {
            t.train();
        }
        Checkpoint c = Checkpoint.read(Checkpoint.path(b, "tiny", 3));
        assertThat(c.iteration()).isEqualTo(3);
        assertThat(c.meta()).containsKeys("config", "seed", "djl_version", "pytorch_version", "pymic_version");
        assertThat(c.state("optimizer_net")).isNotNull();
        List<float[]> resumed;
        int[] consumed = {0};
        Config cfg = TinyProblem.config(b, 6, 3, "training.ckpt_init_name=tiny_3.pt", "training.ckpt_init_mode=1");
        try (SegmentationTrainer t = trainer(cfg, consumed, 1)) {
            TrainingSummary s = t.train();
            assertThat(s.lastIteration()).isEqualTo(6);
            resumed = params(t);
        }
        assertThat(consumed[0]).isEqualTo(3);
        assertThat(resumed).hasSameSizeAs(straight);
        for (int i = 0; i < straight.size(); i++) {
            assertThat(resumed.get(i)).as("parameter %d", i).containsExactly(straight.get(i));
        }
        // weights-only initialisation (mode 0) restarts the iteration count
        try (SegmentationTrainer t = trainer(TinyProblem.config(dir.resolve("c"), 2, 2,
                "training.ckpt_init_name=" + Checkpoint.path(b, "tiny", 6)), new int[1], 1)) {
            assertThat(t.train().lastIteration()).isEqualTo(2);
        }
    }

    @Test
    void earlyStopAfterPatienceWithoutImprovement(@TempDir Path dir) {
        // learning rate 0: the score never improves after the first round
        Config cfg = TinyProblem.config(dir, 50, 2, "training.early_stop_patience=3");
        try (SegmentationTrainer t = SegmentationTrainer.builder(cfg)
                .setMethod(new FullySupervised(), null)
                .setNetworkFactory(TinyProblem.tinyNetworks(1))
                .setLoss(new CrossEntropyLoss())
                .setOptimizerFactory((name, net) -> TinyProblem.adam(net, 0.0))
                .setLabelled(TinyProblem.discs(3, 2, true, new int[1]))
                .optValidation(TinyProblem.validation(5, 1)).optProgress(false).build()) {
            TrainingSummary s = t.train();
            assertThat(s.earlyStopped()).isTrue();
            assertThat(s.bestIteration()).isEqualTo(2);
            assertThat(s.lastIteration()).isEqualTo(6);
        }
        assertThat(Map.of("latest", dir.resolve("tiny_latest.txt"))).allSatisfy((k, p) -> assertThat(p).exists());
    }

    @Test
    void entropyMinimizationConsumesTheUnlabelledStream(@TempDir Path dir) {
        int[] lab = {0};
        int[] unl = {0};
        try (SegmentationTrainer t = SegmentationTrainer.builder(TinyProblem.config(dir, 4, 2))
                .setMethod(new EntropyMinimization(0.1, 0, null), null)
                .setNetworkFactory(TinyProblem.tinyNetworks(2))
                .setLoss(new CrossEntropyLoss())
                .setOptimizerFactory((name, net) -> TinyProblem.adam(net, 0.01))
                .setLabelled(TinyProblem.discs(3, 2, true, lab))
                .optUnlabelled(TinyProblem.discs(4, 3, false, unl))
                .optValidation(TinyProblem.validation(5, 1)).optProgress(false).build()) {
            t.train();
            assertThat(t.networks()).containsOnlyKeys("net_0", "net_1");
        }
        assertThat(lab[0]).isEqualTo(4);
        assertThat(unl[0]).isEqualTo(4);
    }
}
