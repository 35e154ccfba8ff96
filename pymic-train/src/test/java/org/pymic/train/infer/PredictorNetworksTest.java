package org.pymic.train.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.io.image.ImageFiles;
import org.pymic.io.synth.SyntheticDataset;
import org.pymic.train.Checkpoint;
import org.pymic.train.SegmentationTrainer;
import org.pymic.train.TrainingRun;

/**
 * Inference uses the networks the config's method validates with: a mean teacher's checkpoint also
 * holds the EMA teacher ({@code net_ema}), which inference must skip; with a {@code net_type} list,
 * {@code infer_mode} 0 keeps the first network and 1 averages all (PyMIC's MultiNet).
 */
class PredictorNetworksTest {
    @TempDir
    static Path data;

    @BeforeAll
    static void writeData() {
        SyntheticDataset.write(data, SyntheticDataset.Options.defaults().cases(8).size(32).dim(2).seed(5));
    }

    private static Config config(Path work, String netType, String extra) throws IOException {
        String ini = """
                [dataset]
                task_type = seg
                supervise_type = semi_sup
                train_dir = %1$s
                train_csv = %1$s/train_r10_lab.csv
                train_csv_unlab = %1$s/train_r10_unlab.csv
                valid_csv = %1$s/valid.csv
                test_csv = %1$s/test.csv
                train_batch_size = 1
                train_batch_size_unlab = 1
                num_worker = 1
                train_transform = [NormalizeWithMeanStd, LabelToProbability]
                train_transform_unlab = [NormalizeWithMeanStd]
                valid_transform = [NormalizeWithMeanStd, LabelToProbability]
                test_transform  = [NormalizeWithMeanStd]

                [network]
                net_type = %2$s
                class_num = 4
                in_chns = 1
                feature_chns = [2, 4, 8, 16, 32]
                dropout = [0, 0, 0, 0, 0]
                %4$s

                [training]
                loss_type = CrossEntropyLoss
                optimizer = Adam
                learning_rate = 0.001
                iter_max = 1
                iter_valid = 1
                ckpt_save_dir = %3$s/ckpt

                [testing]
                ckpt_mode = 0
                output_dir = %3$s/out

                [semi_supervised_learning]
                %5$s
                """.formatted(data.toAbsolutePath(), netType, work, extra.split("\\|")[0], extra.split("\\|")[1]);
        Path f = work.resolve("run.cfg");
        Files.writeString(f, ini);
        Config c = Config.load(f);
        try (SegmentationTrainer t = TrainingRun.trainer(c, false)) {
            t.train();
        }
        return c;
    }

    private static int loadedNetworks(Config c) {
        List<Path> ckpts = Predictor.checkpoints(c);
        Volume image = Volume.of(new float[32 * 32], 1, 1, 32, 32);
        try (NDManager m = NDManager.newBaseManager()) {
            List<Integer> sizes = Predictor.loadModels(c, ckpts, image, m).stream().map(List::size).toList();
            assertThat(sizes).hasSize(1);
            return sizes.get(0);
        }
    }

    @Test
    void meanTeacherInfersWithTheStudentOnly(@TempDir Path work) throws IOException {
        Config c = config(work, "UNet2D", "|method_name = MeanTeacher\nregularize_w = 0.1\nrampup_end = 1");
        assertThat(Checkpoint.read(Predictor.checkpoints(c).get(0)).networkNames()).contains("net", "net_ema");
        assertThat(loadedNetworks(c)).isEqualTo(1);
        List<Path> written = Predictor.run(c);
        assertThat(written).isNotEmpty().allMatch(Files::exists);
        Volume in = ImageFiles.read(data.resolve("images").resolve(written.get(0).getFileName()));
        assertThat(ImageFiles.read(written.get(0)).shape()).containsExactly(1, in.depth(), in.height(), in.width());
    }

    @Test
    void inferModeChoosesFirstOrAllOfSeveralNetworks(@TempDir Path work) throws IOException {
        Config first = config(work, "[UNet2D, UNet2D]", "infer_mode = 0|method_name = CPS\nregularize_w = 0.1");
        assertThat(loadedNetworks(first)).isEqualTo(1);
        first.withOverride("network.infer_mode=1");
        assertThat(loadedNetworks(first)).isEqualTo(2);
    }

    @Test
    void oneTypeTrainedTwiceAlwaysAveragesBoth(@TempDir Path work) throws IOException {
        // PyMIC's BiNet (cross pseudo supervision with one net_type, co-teaching) averages its two networks
        Config c = config(work, "UNet2D", "infer_mode = 0|method_name = CPS\nregularize_w = 0.1");
        assertThat(loadedNetworks(c)).isEqualTo(2);
    }

    @Test
    void validationUsesTheNetworksInferenceUses(@TempDir Path work) throws IOException {
        Config c = config(work, "[UNet2D, UNet2D]", "infer_mode = 0|method_name = CPS\nregularize_w = 0.1");
        try (SegmentationTrainer t = TrainingRun.trainer(c, false)) {
            t.train();
            double[] both = t.validate();
            // net1 alone predicts with infer_mode 0: turning net2 into a constant "background everywhere"
            // must not change validation, and must change it once both are averaged
            for (var e : t.networks().get("net2").namedParameters().entrySet()) {
                e.getValue().getArray().muli(0);
                if (e.getKey().endsWith("out_conv_bias")) {
                    e.getValue().getArray().set(new ai.djl.ndarray.index.NDIndex(0), 100f);
                }
            }
            assertThat(t.validate()).containsExactly(both);
            c.withOverride("network.infer_mode=1");
            assertThat(t.validate()).isNotEqualTo(both);
        }
    }

    @Test
    void inferModeOtherThanZeroOrOneIsAConfigErrorNamingTheKey(@TempDir Path work) throws IOException {
        Config c = config(work, "[UNet2D, UNet2D]", "infer_mode = 1|method_name = CPS\nregularize_w = 0.1");
        c.withOverride("network.infer_mode=2");
        assertThatThrownBy(() -> loadedNetworks(c)).isInstanceOf(PymicException.class).hasMessageContaining("infer_mode");
    }
}
