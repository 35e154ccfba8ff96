package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.io.data.Batch;
import org.pymic.loss.CrossEntropyLoss;
import org.pymic.net.SegNetwork;
import org.pymic.train.method.FullySupervised;
import org.pymic.train.optim.Adam;
import org.pymic.train.optim.ReduceLROnPlateau;

/** How a run ends other than at iter_max: a non-finite loss, no validation score, a stop request, a resume. */
class TrainingStopsTest {

    private static SegmentationTrainer.Builder builder(Config cfg, BatchSource.Opener labelled, int valCases) {
        return SegmentationTrainer.builder(cfg)
                .setMethod(new FullySupervised(), null)
                .setNetworkFactory(TinyProblem.tinyNetworks(1))
                .setLoss(new CrossEntropyLoss())
                .setOptimizerFactory((name, net) -> TinyProblem.adam(net, 0.01))
                .setLabelled(labelled)
                .optValidation(TinyProblem.validation(99, valCases))
                .optProgress(false);
    }

    /** The disc batches, with NaN in the image of the batch of iteration {@code nanIteration} (1-based). */
    private static BatchSource.Opener discsWithNan(int nanIteration) {
        BatchSource.Opener discs = TinyProblem.discs(3, 2, true, new int[1]);
        return start -> {
            BatchSource src = discs.open(start);
            return new BatchSource() {
                int i = start;

                @Override
                public Batch next() {
                    Batch b = src.next();
                    if (++i == nanIteration) {
                        b.image()[7] = Float.NaN;
                    }
                    return b;
                }
            };
        };
    }

    @Test
    void nonFiniteLossStopsWithTheIterationAndTheTermsAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) {
        Config cfg = TinyProblem.config(dir, 20, 3);
        try (SegmentationTrainer t = builder(cfg, discsWithNan(5), 1).build()) {
            assertThatThrownBy(t::train).isInstanceOfSatisfying(PymicException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.DATA);
                assertThat(e.getMessage()).contains("iteration 5:", "not finite", "loss NaN",
                        Checkpoint.path(dir, "tiny", 3).toString()).doesNotContain("\n");
            });
        }
        assertThat(Checkpoint.path(dir, "tiny", 5)).doesNotExist();
        assertThat(Checkpoint.path(dir, "tiny", 6)).doesNotExist();
        assertThat(Checkpoint.readPointer(dir, "tiny", "best")).isEqualTo(3);
        Checkpoint c = Checkpoint.read(Checkpoint.path(dir, "tiny", 3));
        for (Checkpoint.Tensor p : c.parameters("net").values()) {
            for (float v : p.data()) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
    }

    @Test
    void checkpointWithNonFiniteParametersIsNotWritten(@TempDir Path dir) {
        try (NDManager m = NDManager.newBaseManager()) {
            SegNetwork net = TinyProblem.tinyNetworks(1).create(0);
            net.initialize(m, new Shape(1, 1, TinyProblem.SIZE, TinyProblem.SIZE));
            Parameter p = net.namedParameters().values().iterator().next();
            float[] v = p.getArray().toFloatArray();
            v[0] = Float.POSITIVE_INFINITY;
            p.getArray().set(v);
            Path file = Checkpoint.path(dir, "tiny", 1);
            assertThatThrownBy(() -> Checkpoint.save(file, Map.<String, Block>of("net", net.block()), Map.of(), Map.of()))
                    .isInstanceOfSatisfying(PymicException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.DATA))
                    .hasMessageContaining("non-finite");
            assertThat(file).doesNotExist();
        }
    }

    /** Without validation cases the score is NaN: it is not 0, not an improvement, and not a bad round. */
    @Test
    void withoutValidationNeitherEarlyStoppingNorPlateauReacts(@TempDir Path dir) throws Exception {
        Config cfg = TinyProblem.config(dir, 8, 2, "training.early_stop_patience=2", "training.iter_log=0");
        try (SegmentationTrainer t = builder(cfg, TinyProblem.discs(3, 2, true, new int[1]), 0)
                .setOptimizerFactory((name, net) -> new NetworkOptimizer(net, Adam.builder().build(),
                        new ReduceLROnPlateau(0.01, 2, 2, 0.5)))
                .build()) {
            TrainingSummary s = t.train();
            assertThat(s.earlyStopped()).isFalse();
            assertThat(s.lastIteration()).isEqualTo(8);
        }
        List<String> rows = Files.readAllLines(dir.resolve("tiny_metrics.csv"));
        int lr = Arrays.asList(rows.get(0).split(",")).indexOf("lr");
        assertThat(rows.subList(1, rows.size())).hasSize(4)
                .allSatisfy(r -> assertThat(Double.parseDouble(r.split(",")[lr])).isEqualTo(0.01));
        assertThat(dir.resolve("tiny_best.txt")).doesNotExist();
    }

    /**
     * Without iter_save the checkpoints are the best ones: the latest pointer follows them, so a run killed
     * (SIGKILL, nothing written at the kill) resumes from its newest checkpoint by the pointer.
     */
    @Test
    void theLatestPointerNamesTheNewestBestCheckpointWhileTheRunGoes(@TempDir Path dir) throws Exception {
        List<String> seen = new ArrayList<>();
        try (SegmentationTrainer t = builder(TinyProblem.config(dir, 8, 3, "training.iter_log=0"),
                TinyProblem.discs(3, 2, true, new int[1]), 1).build()) {
            t.setStepListener(it -> {
                if (it == 4) {
                    int latest = Checkpoint.readPointer(dir, "tiny", "latest");
                    seen.add(latest + " " + Checkpoint.readPointer(dir, "tiny", "best") + " "
                            + Files.isRegularFile(Checkpoint.path(dir, "tiny", latest)));
                }
            });
            t.train();
        }
        assertThat(seen).containsExactly("3 3 true");
        assertThat(Checkpoint.resolve(dir, "tiny_latest.ckpt")).isEqualTo(Checkpoint.path(dir, "tiny", 8));
    }

    /**
     * A stop request ends the run at a step boundary with a checkpoint of that iteration; the resume
     * removes the temporary file an interrupted write left, keeps one metrics row per iteration and kind,
     * validates on the uninterrupted run's grid, and ends with the uninterrupted run's weights.
     */
    @Test
    void stopRequestWritesACheckpointAndTheResumeContinuesCleanly(@TempDir Path dir) throws Exception {
        Engine.getEngine("PyTorch");
        int threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        try {
            stopAndResume(dir);
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    private static void stopAndResume(Path dir) throws Exception {
        List<float[]> straight;
        try (SegmentationTrainer t = builder(TinyProblem.config(dir.resolve("a"), 8, 3, "training.iter_log=1"),
                TinyProblem.discs(3, 2, true, new int[1]), 1).build()) {
            t.train();
            straight = params(t);
        }
        Path b = dir.resolve("b");
        try (SegmentationTrainer t = builder(TinyProblem.config(b, 8, 3, "training.iter_log=1"),
                TinyProblem.discs(3, 2, true, new int[1]), 1).build()) {
            t.setStepListener(it -> {
                if (it == 4) {
                    t.requestStop();
                }
            });
            TrainingSummary s = t.train();
            assertThat(s.interrupted()).isTrue();
            assertThat(s.lastIteration()).isEqualTo(4);
            assertThat(s.checkpoint()).isEqualTo(Checkpoint.path(b, "tiny", 4));
        }
        assertThat(Checkpoint.readPointer(b, "tiny", "latest")).isEqualTo(4);
        assertThat(Checkpoint.read(Checkpoint.path(b, "tiny", 4)).iteration()).isEqualTo(4);
        if (b.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> ordinary = Files.getPosixFilePermissions(Files.createFile(b.resolve("probe")));
            assertThat(Files.getPosixFilePermissions(Checkpoint.path(b, "tiny", 4))).isEqualTo(ordinary);
            assertThat(Files.getPosixFilePermissions(b.resolve("tiny_latest.txt"))).isEqualTo(ordinary);
        }
        // as a kill would leave them: half a checkpoint under its temporary name, a row after the checkpoint
        Path orphan = Files.writeString(b.resolve(".tiny_5.ckpt.k3x9.tmp"), "half");
        List<String> rows = new ArrayList<>(Files.readAllLines(b.resolve("tiny_metrics.csv")));
        rows.add(rows.get(rows.size() - 1).replaceFirst("^4,", "5,"));
        Files.write(b.resolve("tiny_metrics.csv"), rows);

        List<float[]> resumed;
        Config cfg = TinyProblem.config(b, 8, 3, "training.iter_log=1", "training.ckpt_init_name=tiny_4.ckpt",
                "training.ckpt_init_mode=1");
        try (SegmentationTrainer t = builder(cfg, TinyProblem.discs(3, 2, true, new int[1]), 1).build()) {
            TrainingSummary s = t.train();
            assertThat(s.interrupted()).isFalse();
            assertThat(s.lastIteration()).isEqualTo(8);
            resumed = params(t);
        }
        assertThat(orphan).doesNotExist();
        try (Stream<Path> files = Files.list(b)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        List<String> kinds = Files.readAllLines(b.resolve("tiny_metrics.csv")).stream().skip(1)
                .map(r -> r.split(",")[0] + " " + r.split(",")[1]).toList();
        assertThat(kinds).containsExactly("1 train", "2 train", "3 train", "3 valid", "4 train", "5 train", "6 train",
                "6 valid", "7 train", "8 train", "8 valid");
        for (int i = 0; i < straight.size(); i++) {
            assertThat(resumed.get(i)).as("parameter %d", i).containsExactly(straight.get(i));
        }
    }

    private static List<float[]> params(SegmentationTrainer t) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : t.networks().get("net").namedParameters().values()) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }
}
