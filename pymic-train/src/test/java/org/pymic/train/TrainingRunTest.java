package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.io.image.ImageFiles;
import org.pymic.io.synth.SyntheticDataset;
import org.pymic.io.synth.SyntheticSummary;
import org.pymic.train.infer.Predictor;
import org.pymic.train.method.EntropyMinimization;
import org.pymic.train.method.FullySupervised;

/**
 * End to end: a synthetic data set written to disk, an INI config as PyMIC's, training through
 * {@link TrainingRun#trainer}, then {@link Predictor#run} with a test transform that must be inverted.
 */
class TrainingRunTest {
    @TempDir
    static Path data;
    static SyntheticSummary summary;

    @BeforeAll
    static void writeData() {
        summary = SyntheticDataset.write(data, SyntheticDataset.Options.defaults().cases(12).size(64).dim(2).seed(3));
    }

    private static String csv(String name) {
        return data.resolve(name).toAbsolutePath().toString();
    }

    private static Config config(Path work, String supervise, String trainCsv, int iterMax, int iterValid,
                                 String extra) throws IOException {
        String ini = """
                [dataset]
                task_type = seg
                supervise_type = %s
                train_dir = %s
                train_csv = %s
                train_csv_unlab = %s
                valid_csv = %s
                test_csv = %s
                train_batch_size = 2
                train_batch_size_unlab = 2
                num_worker = 1
                train_transform = [NormalizeWithMeanStd, RandomFlip, LabelToProbability]
                valid_transform = [NormalizeWithMeanStd, LabelToProbability]
                test_transform  = [NormalizeWithMeanStd, Rescale]
                RandomFlip_flip_depth = False
                RandomFlip_flip_height = True
                RandomFlip_flip_width = True
                Rescale_output_size = [48, 48]
                Rescale_inverse = True

                [network]
                net_type = UNet2D
                class_num = 4
                in_chns = 1
                feature_chns = [4, 8, 16, 32, 64]
                dropout = [0, 0, 0, 0, 0]

                [training]
                loss_type = [DiceLoss, CrossEntropyLoss]
                loss_weight = [0.5, 0.5]
                optimizer = Adam
                learning_rate = 0.003
                weight_decay = 1e-5
                iter_max = %d
                iter_valid = %d
                random_seed = 7
                ckpt_save_dir = %s

                [testing]
                ckpt_mode = 0
                output_dir = %s
                %s
                """.formatted(supervise, data.toAbsolutePath(), csv(trainCsv), csv("train_r10_unlab.csv"),
                csv("valid.csv"), csv("test.csv"), iterMax, iterValid, work.resolve("ckpt"), work.resolve("out"), extra);
        Path f = work.resolve("run.cfg");
        Files.writeString(f, ini);
        return Config.load(f);
    }

    @Test
    void labelsOutsideTheClassesAreRefusedWhenTrainingReadsThem(@TempDir Path work) throws IOException {
        // the synthetic labels hold 0..3; with class_num = 3 the label 3 would train as an all-zero one-hot row
        Config cfg = config(work, "fully_sup", "train.csv", 4, 2, "");
        cfg.withOverride("network.class_num=3");
        assertThatThrownBy(() -> {
            try (SegmentationTrainer t = TrainingRun.trainer(cfg, false)) {
                t.train();
            }
        }).isInstanceOf(PymicException.class).hasMessageContaining("labels/case_")
                .hasMessageContaining("value(s) [3] outside 0..2 for [network] class_num = 3")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.DATA));
    }

    @Test
    void tensorTypeDoubleIsRefusedByTrainingAndInference(@TempDir Path work) throws IOException {
        Config cfg = config(work, "fully_sup", "train.csv", 4, 2, "");
        cfg.withOverride("dataset.tensor_type=double");
        assertThatThrownBy(() -> RunPlan.resolve(cfg)).isInstanceOf(PymicException.class)
                .hasMessageContaining("tensor_type = double").hasMessageContaining("float32")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.NOT_IMPLEMENTED));
        assertThatThrownBy(() -> Predictor.run(cfg)).isInstanceOf(PymicException.class)
                .hasMessageContaining("tensor_type = double");
        cfg.withOverride("dataset.tensor_type=float");
        assertThat(RunPlan.resolve(cfg).classNum()).isEqualTo(4);
    }

    @Test
    void aSlidingWindowTheNetworkCannotTakeIsRefusedBeforeTraining(@TempDir Path work) throws IOException {
        Config cfg = config(work, "fully_sup", "train.csv", 4, 2, "");
        cfg.withOverride("testing.sliding_window_enable=True");
        cfg.withOverride("testing.sliding_window_size=[36, 40]");
        assertThatThrownBy(() -> RunPlan.resolve(cfg)).isInstanceOf(PymicException.class)
                .hasMessageContaining("sliding_window_size = [36, 40]").hasMessageContaining("use [48, 48]")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
        cfg.withOverride("testing.sliding_window_size=[48, 0]");
        assertThat(RunPlan.resolve(cfg).inferer()).isNotNull();
    }

    @Test
    void earlyStoppingWithoutValidationIsRefusedByTheRunItself(@TempDir Path work) throws IOException {
        Config cfg = config(work, "fully_sup", "train.csv", 4, 2, "");
        cfg.withOverride("dataset.valid_csv=");
        cfg.withOverride("training.early_stop_patience=10");
        assertThatThrownBy(() -> RunPlan.resolve(cfg)).isInstanceOf(PymicException.class)
                .hasMessageContaining("early_stop_patience = 10 acts on the validation Dice")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
    }

    @Test
    void scribbleValidationListIsScoredOnItsAnnotatedVoxelsAndTheLogSaysSo(@TempDir Path work) throws IOException {
        Config cfg = config(work, "fully_sup", "train.csv", 2, 2, "");
        cfg.withOverride("dataset.valid_csv=" + csv("train_scribble.csv"));
        cfg.withOverride("dataset.valid_transform=[NormalizeWithMeanStd, PartialLabelToProbability]");
        RunPlan plan = RunPlan.resolve(cfg);
        List<ValidationCase> cases = TrainingRun.validationCases(new org.pymic.io.data.SegmentationDataset(
                plan.validCases(), plan.validChain(), org.pymic.io.data.LabelMode.LABELLED, null,
                plan.validLoadRules()), 7);
        List<String> rows = Files.readAllLines(data.resolve("train_scribble.csv"));
        assertThat(cases).hasSize(rows.size() - 1);
        Volume scribble = ImageFiles.read(data.resolve(rows.get(1).split(",")[1]));
        float[] got = cases.get(0).label().data();
        for (int i = 0; i < got.length; i++) {
            // the scribble files hold 4 (= class_num) where not annotated
            assertThat(got[i]).isEqualTo(scribble.data()[i] == 4 ? -1f : scribble.data()[i]);
        }
        try (SegmentationTrainer t = TrainingRun.trainer(cfg, false)) {
            t.train();
        }
        String log = Files.readString(work.resolve("ckpt").resolve("ckpt_train.log"));
        assertThat(log).containsOnlyOnce("Dice on the annotated voxels only (ignore-label convention)");
    }

    @Test
    void trainsFromConfigAndPredictsOnTheInputGrid(@TempDir Path work) throws IOException {
        Config cfg = config(work, "fully_sup", "train.csv", 60, 30, "");
        assertThat(TrainingRun.method(cfg).method()).isInstanceOf(FullySupervised.class);
        try (SegmentationTrainer t = TrainingRun.trainer(cfg, false)) {
            TrainingSummary s = t.train();
            assertThat(s.lastIteration()).isEqualTo(60);
            assertThat(t.networks()).containsOnlyKeys("net");
        }
        Path ckpt = work.resolve("ckpt");
        assertThat(Files.readString(ckpt.resolve("ckpt_latest.txt")).trim()).isEqualTo("60");
        int best = Integer.parseInt(Files.readString(ckpt.resolve("ckpt_best.txt")).trim());
        assertThat(best).isIn(30, 60);
        assertThat(Checkpoint.path(ckpt, "ckpt", 60)).exists();
        assertThat(Checkpoint.path(ckpt, "ckpt", best)).exists();
        assertThat(Checkpoint.read(Checkpoint.path(ckpt, "ckpt", 60)).meta())
                .containsKey("case_lists_sha256");

        List<String> metrics = Files.readAllLines(ckpt.resolve("ckpt_metrics.csv"));
        // validation rows at 30 and 60, a training row at 50 (iter_log's default)
        assertThat(metrics).extracting(l -> l.split(",")[0] + " " + l.split(",")[1])
                .containsExactly("iteration kind", "30 valid", "50 train", "60 valid");
        double loss30 = Double.parseDouble(metrics.get(1).split(",")[2]);
        double loss60 = Double.parseDouble(metrics.get(3).split(",")[2]);
        assertThat(loss60).as("mean training loss of iterations 31-60 vs 1-30").isLessThan(loss30);

        List<Path> written = Predictor.run(cfg);
        List<String> testRows = Files.readAllLines(data.resolve("test.csv"));
        assertThat(written).hasSize(testRows.size() - 1).hasSize(summary.test());
        for (int i = 1; i < testRows.size(); i++) {
            Path in = data.resolve(testRows.get(i).split(",")[0]);
            Path out = work.resolve("out").resolve(in.getFileName());
            assertThat(written).contains(out);
            Volume image = ImageFiles.read(in);
            Volume label = ImageFiles.read(out);
            assertThat(label.shape()).containsExactly(1, image.depth(), image.height(), image.width());
            assertThat(label.spacing()).containsExactly(image.spacing());
            assertThat(label.origin()).containsExactly(image.origin());
            for (float v : label.data()) {
                assertThat(v).isBetween(0f, 3f).isEqualTo((float) Math.round(v));
            }
        }
    }

    @Test
    void semiSupervisedRunConsumesTheUnlabelledList(@TempDir Path work) throws IOException {
        Config cfg = config(work, "semi_sup", "train_r10_lab.csv", 10, 10, """

                [semi_supervised_learning]
                method_name = EntropyMinimization
                regularize_w = 0.1
                rampup_start = 0
                rampup_end = 5
                """);
        assertThat(TrainingRun.method(cfg).method()).isInstanceOf(EntropyMinimization.class);
        try (SegmentationTrainer t = TrainingRun.trainer(cfg, false)) {
            assertThat(t.train().lastIteration()).isEqualTo(10);
        }
        List<String> metrics = Files.readAllLines(work.resolve("ckpt").resolve("ckpt_metrics.csv"));
        assertThat(metrics.get(0)).contains("loss_reg");
        assertThat(Checkpoint.read(Checkpoint.path(work.resolve("ckpt"), "ckpt", 10)).meta().get("case_lists_sha256"))
                .asString().contains("train_csv_unlab");
    }

    @Test
    void caseCacheTakesCacheMbButAtMostHalfTheHeap(@TempDir Path work) throws IOException {
        Path f = work.resolve("c.cfg");
        long heapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        Files.writeString(f, "[dataset]\ncache_mb = 3\n\n[other]\ncache_mb = " + (2 * heapMb) + "\n\n[bad]\ncache_mb = -1\n");
        Config c = Config.load(f);
        assertThat(TrainingRun.cache(c.section("dataset")).budgetBytes()).isEqualTo(3L << 20);
        assertThat(TrainingRun.cache(c.section("other")).budgetBytes()).isEqualTo((heapMb / 2) << 20);
        assertThatThrownBy(() -> TrainingRun.cache(c.section("bad"))).isInstanceOf(PymicException.class)
                .hasMessageContaining("cache_mb");
    }

    @Test
    void semiSupervisedWithoutMethodOrUnlabelledListIsRefusedByName(@TempDir Path work) throws IOException {
        Config noMethod = config(work, "semi_sup", "train_r10_lab.csv", 10, 10, "");
        assertThatThrownBy(() -> TrainingRun.trainer(noMethod, false)).isInstanceOf(PymicException.class)
                .hasMessageContaining("method_name")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
        Config typo = config(work, "semi_sup", "train_r10_lab.csv", 10, 10, """

                [semi_supervised_learning]
                method_name = EntropyMinimisation
                """);
        assertThatThrownBy(() -> TrainingRun.trainer(typo, false)).isInstanceOf(PymicException.class)
                .hasMessageContaining("run.cfg").hasMessageContaining("EntropyMinimization");
        Config badType = config(work, "semisup", "train.csv", 10, 10, "");
        assertThatThrownBy(() -> TrainingRun.trainer(badType, false)).isInstanceOf(PymicException.class)
                .hasMessageContaining("supervise_type").hasMessageContaining("run.cfg:");
    }
}
