package org.pymic.train.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigChecker;
import org.pymic.core.config.ConfigProblem;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Registry;
import org.pymic.io.image.ImageFiles;
import org.pymic.io.synth.SyntheticDataset;
import org.pymic.train.Checkpoint;
import org.pymic.train.SegmentationTrainer;
import org.pymic.train.TrainingRun;

/** [testing] ckpt_mode = 3 with a ckpt_name list: PyMIC's checkpoint ensemble, checked and inferred. */
class CheckpointEnsembleTest {
    @TempDir
    static Path data;
    @TempDir
    static Path work;
    static Config trained;

    @BeforeAll
    static void train() throws IOException {
        SyntheticDataset.write(data, SyntheticDataset.Options.defaults().cases(6).size(32).dim(2).seed(4));
        String ini = """
                [dataset]
                task_type = seg
                train_dir = %1$s
                train_csv = %1$s/train.csv
                test_csv = %1$s/test.csv
                train_batch_size = 2
                num_worker = 1
                train_transform = [NormalizeWithMeanStd, LabelToProbability]
                test_transform  = [NormalizeWithMeanStd]

                [network]
                net_type = UNet2D
                class_num = 4
                in_chns = 1
                feature_chns = [2, 4, 8, 16, 32]
                dropout = [0, 0, 0, 0, 0]

                [training]
                loss_type = CrossEntropyLoss
                optimizer = Adam
                learning_rate = 0.01
                iter_max = 4
                iter_valid = 2
                iter_save = [2, 4]
                ckpt_save_dir = %2$s/ckpt

                [testing]
                ckpt_mode = 3
                ckpt_name = [ckpt_2.pt, ckpt_4.pt]
                output_dir = %2$s/out
                save_probability = True
                """.formatted(data.toAbsolutePath(), work);
        Path f = work.resolve("run.cfg");
        Files.writeString(f, ini);
        trained = Config.load(f);
        try (SegmentationTrainer t = TrainingRun.trainer(trained, false)) {
            t.train();
        }
    }

    private static List<ConfigProblem> check(Config c) {
        return ConfigChecker.check(c, Registry.global()).stream().filter(ConfigProblem::isError).toList();
    }

    @Test
    void checkAcceptsAnEnsembleAndRefusesAListForOneCheckpoint() throws IOException {
        Config c = Config.load(work.resolve("run.cfg"));
        assertThat(check(c)).isEmpty();
        c.withOverride("testing.ckpt_mode=2");
        assertThat(check(c)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("ckpt_name");
            assertThat(p.format()).contains("ckpt_mode = 3");
        });
        assertThatThrownBy(() -> Predictor.checkpoints(c)).isInstanceOf(PymicException.class)
                .hasMessageContaining("ckpt_mode = 3");
        c.withOverride("testing.ckpt_mode=3");
        c.withOverride("testing.ckpt_name=");
        assertThat(check(c)).extracting(ConfigProblem::key).containsExactly("ckpt_name");
        c.withOverride("testing.ckpt_mode=4");
        assertThat(check(c)).extracting(ConfigProblem::key).contains("ckpt_mode");
    }

    @Test
    void inferenceAveragesTheLogitsOfTheCheckpoints() throws IOException {
        Path dir = work.resolve("ckpt");
        List<Path> ckpts = Predictor.checkpoints(trained);
        assertThat(ckpts).containsExactly(Checkpoint.path(dir, "ckpt", 2), Checkpoint.path(dir, "ckpt", 4));
        List<Path> written = Predictor.run(trained);
        assertThat(written).isNotEmpty();
        Path out = written.get(0);
        Volume image = ImageFiles.read(data.resolve("images").resolve(out.getFileName()));
        Volume normalised = org.pymic.io.transform.TransformChain.fromConfig(trained.section("dataset"),
                List.of("NormalizeWithMeanStd"), 4).apply(new org.pymic.io.data.Sample("case", image, null, null),
                org.pymic.io.data.BatchLoader.sampleRandom(1, 0, 0)).image();
        SlidingWindowInferer inferer = SlidingWindowInferer.fromConfig(trained.section("testing"));
        try (NDManager m = NDManager.newBaseManager()) {
            List<List<org.pymic.net.SegNetwork>> models = Predictor.loadModels(trained, ckpts, normalised, m);
            float[] a = NetworkModels.meanLogits(inferer, normalised, models.get(0), m).data();
            float[] b = NetworkModels.meanLogits(inferer, normalised, models.get(1), m).data();
            assertThat(a).isNotEqualTo(b);
            float[] expected = Prediction.softmax(Prediction.mean(List.of(a, b)), 4);
            int n = image.voxels();
            String stem = out.getFileName().toString().replaceAll("\\.nii\\.gz$|\\.[a-z]+$", "");
            String ext = out.getFileName().toString().substring(stem.length());
            for (int k = 0; k < 4; k++) {
                float[] saved = ImageFiles.read(out.resolveSibling(stem + "_prob_" + k + ext)).data();
                for (int i = 0; i < n; i++) {
                    assertThat(saved[i]).as("class %d voxel %d", k, i).isCloseTo(expected[k * n + i], within(1e-5f));
                }
            }
        }
    }
}
