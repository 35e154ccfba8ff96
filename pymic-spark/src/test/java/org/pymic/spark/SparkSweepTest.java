package org.pymic.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.io.synth.SyntheticDataset;

/**
 * {@code pymic spark sweep} over 2 learning rates x 2 seeds on {@code local[2]}: four runs, each trained,
 * segmented and evaluated in its own JVM under its own folder, gathered into one table whose values are
 * those of each run's {@code pymic eval} CSV.
 */
class SparkSweepTest {
    @TempDir
    static Path work;

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    @Test
    void twoByTwoGridOfTinyRuns() throws IOException {
        Path data = work.resolve("data");
        SyntheticDataset.write(data, SyntheticDataset.Options.defaults().cases(8).size(32).dim(2).seed(7));
        Path cfg = work.resolve("sweep.cfg");
        Files.writeString(cfg, """
                [dataset]
                train_dir = %1$s
                train_csv = %1$s/train.csv
                valid_csv = %1$s/valid.csv
                test_csv = %1$s/test.csv
                train_batch_size = 2
                train_transform = [NormalizeWithMeanStd, LabelToProbability]
                valid_transform = [NormalizeWithMeanStd, LabelToProbability]
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
                iter_valid = 4
                random_seed = 1
                ckpt_save_dir = %2$s/unused

                [testing]
                ckpt_mode = 0
                output_dir = %2$s/unused-out

                [evaluation]
                metric_list = [dice]
                label_list = [1, 2]
                ground_truth_folder = %1$s/labels
                segmentation_folder = %2$s/unused-out
                """.formatted(data.toAbsolutePath(), work));
        Path out = work.resolve("sweep");
        int code = SparkMain.run("sweep", cfg.toString(), "--master", "local[2]",
                "--grid", "training.learning_rate=0.01,0.002", "--seeds", "1,2", "--out", out.toString(),
                "--run-memory", "1g");
        assertThat(code).isZero();
        List<Row> rows = SparkSession.active().read().parquet(out.resolve("sweep.parquet").toString()).collectAsList();
        // 4 runs x 1 metric x 2 labels
        assertThat(rows).hasSize(8);
        Set<String> points = new HashSet<>();
        for (Row r : rows) {
            assertThat(r.<String>getAs("status")).as("%s", r).isEqualTo("ok");
            points.add(r.getAs("overrides") + " seed " + r.getAs("seed"));
            Path runDir = Path.of(r.<String>getAs("run_dir"));
            assertThat(runDir.getParent()).isEqualTo(out);
            try (Stream<Path> s = Files.list(runDir.resolve("model"))) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).anyMatch(n -> n.endsWith(".ckpt"));
            }
            // the table's values are the run's own pymic eval CSV
            List<String> csv = Files.readAllLines(Path.of(r.<String>getAs("eval_csv")));
            List<String> header = List.of(csv.get(0).split(","));
            String[] mean = csv.stream().filter(l -> l.startsWith("mean,")).findFirst().orElseThrow().split(",");
            int col = header.indexOf(r.getAs("metric") + "_" + r.getAs("label"));
            assertThat(r.<Double>getAs("mean")).isEqualTo(Double.parseDouble(mean[col]));
            assertThat(r.<Double>getAs("mean")).isBetween(0.0, 1.0);
            // each run trained with its own settings: its log names its learning rate
            assertThat(Files.readString(runDir.resolve("run.log"))).contains("pymic-sweep-stage: eval");
        }
        assertThat(points).containsExactlyInAnyOrder("training.learning_rate=0.01 seed 1",
                "training.learning_rate=0.01 seed 2", "training.learning_rate=0.002 seed 1",
                "training.learning_rate=0.002 seed 2");
        // different seeds give different networks
        byte[] a = checkpoint(out.resolve("run-1/model"));
        byte[] b = checkpoint(out.resolve("run-2/model"));
        assertThat(a).isNotEqualTo(b);
        assertThat(Files.readAllLines(out.resolve("sweep.csv").resolve(partCsv(out.resolve("sweep.csv"))))).hasSize(9);
    }

    private static byte[] checkpoint(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return Files.readAllBytes(s.filter(p -> p.toString().endsWith(".ckpt")).sorted().findFirst().orElseThrow());
        }
    }

    private static String partCsv(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-") && n.endsWith(".csv"))
                    .findFirst().orElseThrow();
        }
    }
}
