package org.pymic.train.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
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
import org.pymic.train.Checkpoint;

/** [testing] ckpt_mode = 3 with a ckpt_name list: PyMIC's checkpoint ensemble, checked and inferred. */
class CheckpointEnsembleTest {
    @TempDir
    static Path work;
    static Path data;
    static Config trained;

    @BeforeAll
    static void train() {
        data = work.resolve("data");
        trained = Config.load(TinyModel.train(work, 6, 4, "dataset.task_type=seg",
                "dataset.test_csv=" + data.toAbsolutePath().resolve("test.csv"), "dataset.num_worker=1",
                "dataset.test_transform=[NormalizeWithMeanStd]", "training.iter_valid=2", "training.iter_save=[2, 4]",
                "testing.ckpt_mode=3", "testing.ckpt_name=[ckpt_2.pt, ckpt_4.pt]", "testing.save_probability=True"));
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
