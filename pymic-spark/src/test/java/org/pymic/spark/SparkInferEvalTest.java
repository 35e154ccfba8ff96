package org.pymic.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.cli.Main;
import org.pymic.io.synth.SyntheticDataset;

/**
 * {@code pymic spark infer} and {@code pymic spark eval} on {@code local[2]} give what {@code pymic infer}
 * and {@code pymic eval} give: the same segmentation files byte for byte, the same metric values per case
 * and label and the same summary rows. A failed case is a row of the table, not a failed job; a re-run
 * segments only the cases whose label map is missing.
 */
class SparkInferEvalTest {
    @TempDir
    static Path work;

    static Path cfg;
    static Path data;

    @BeforeAll
    static void trainAndInferOnOneMachine() throws IOException {
        data = work.resolve("data");
        SyntheticDataset.write(data, SyntheticDataset.Options.defaults().cases(12).size(32).dim(2).seed(3));
        cfg = work.resolve("run.cfg");
        Files.writeString(cfg, """
                [dataset]
                train_dir = %1$s
                train_csv = %1$s/train.csv
                test_csv = %1$s/train.csv
                train_batch_size = 2
                num_worker = 1
                train_transform = [NormalizeWithMeanStd, LabelToProbability]
                test_transform  = [NormalizeWithMeanStd, Pad]
                Pad_output_size = [1, 48, 48]
                Pad_inverse = True

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
                iter_max = 6
                iter_valid = 6
                ckpt_save_dir = %2$s/ckpt

                [testing]
                ckpt_mode = 0
                tta_mode = 1
                post_process = KeepLargestComponent
                output_dir = %2$s/single

                [evaluation]
                metric_list = [dice, hd95, assd]
                label_list = [1, 2, 3]
                ground_truth_folder = %1$s/labels
                segmentation_folder = %2$s/single
                """.formatted(data.toAbsolutePath(), work));
        assertThat(Main.run("train", cfg.toString())).isZero();
        assertThat(Main.run("infer", cfg.toString())).isZero();
        assertThat(Main.run("eval", cfg.toString())).isZero();
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (!p.getFileName().toString().startsWith("eval.")) {
                    m.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        return m;
    }

    /** The rows of a table Spark wrote as one CSV part file (header first). */
    static List<String[]> csvTable(Path dir) throws IOException {
        Path part;
        try (Stream<Path> s = Files.list(dir)) {
            part = s.filter(p -> p.getFileName().toString().startsWith("part-") && p.toString().endsWith(".csv"))
                    .findFirst().orElseThrow();
        }
        List<String[]> rows = new ArrayList<>();
        for (String l : Files.readAllLines(part)) {
            rows.add(l.split(",", -1));
        }
        return rows;
    }

    static List<Row> parquet(Path dir) {
        return SparkSession.active().read().parquet(dir.toString()).collectAsList();
    }

    @Test
    void inferWritesTheFilesOfPymicInferAndSkipsFinishedCasesOnARerun() throws IOException {
        Path out = work.resolve("spark-out");
        Path table = work.resolve("spark-table");
        int code = SparkMain.run("infer", cfg.toString(), "--master", "local[2]", "--partitions", "3",
                "--set", "testing.output_dir=" + out, "--table", table.toString());
        assertThat(code).isZero();
        Map<String, byte[]> expected = files(work.resolve("single"));
        Map<String, byte[]> got = files(out);
        assertThat(expected).hasSizeGreaterThan(5);
        assertThat(got.keySet()).isEqualTo(expected.keySet());
        expected.forEach((n, b) -> assertThat(got.get(n)).as(n).isEqualTo(b));

        List<Row> rows = parquet(table.resolve("cases.parquet"));
        assertThat(rows).hasSize(expected.size());
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.getAs("status").toString()).isEqualTo("ok");
            assertThat(Path.of(r.<String>getAs("output").replaceFirst("^file:", ""))).exists();
        });
        List<String[]> csv = csvTable(table.resolve("cases.csv"));
        assertThat(csv.get(0)).containsExactly("index", "case", "status", "seconds", "output", "error");
        assertThat(csv).hasSize(expected.size() + 1);

        // a re-run after one label map was lost: that case is segmented again, the others skipped
        String lost = expected.keySet().iterator().next();
        Files.delete(out.resolve(lost));
        assertThat(SparkMain.run("infer", cfg.toString(), "--master", "local[2]",
                "--set", "testing.output_dir=" + out, "--table", table.toString())).isZero();
        Map<String, String> status = new HashMap<>();
        for (Row r : parquet(table.resolve("cases.parquet"))) {
            status.put(Path.of(r.<String>getAs("output")).getFileName().toString(), r.getAs("status"));
        }
        assertThat(status.get(lost)).isEqualTo("ok");
        assertThat(status.values().stream().filter("skipped"::equals).count()).isEqualTo(expected.size() - 1);
        assertThat(files(out).get(lost)).isEqualTo(expected.get(lost));
    }

    @Test
    void aFailedCaseIsARowOfTheTableAndTheOthersAreSegmented() throws IOException {
        Path bad = data.resolve("images/broken.nii.gz");
        Files.write(bad, new byte[] {31, -117, 8, 0, 1, 2, 3});
        List<String> rows = Files.readAllLines(data.resolve("train.csv"));
        Path csv = work.resolve("with-broken.csv");
        Files.write(csv, List.of(rows.get(0), rows.get(1), "images/broken.nii.gz,labels/case_000.nii.gz", rows.get(2)));
        Path out = work.resolve("broken-out");
        Path table = work.resolve("broken-table");
        int code = SparkMain.run("infer", cfg.toString(), "--master", "local[2]", "--cases", csv.toString(),
                "--set", "testing.output_dir=" + out, "--table", table.toString());
        assertThat(code).isZero();
        Map<String, String> status = new TreeMap<>();
        Map<String, String> error = new TreeMap<>();
        for (Row r : parquet(table.resolve("cases.parquet"))) {
            status.put(r.getAs("case"), r.getAs("status"));
            error.put(r.getAs("case"), r.getAs("error"));
        }
        assertThat(status).hasSize(3);
        assertThat(status.entrySet()).filteredOn(e -> e.getKey().contains("broken"))
                .singleElement().satisfies(e -> assertThat(e.getValue()).isEqualTo("failed"));
        assertThat(status.values().stream().filter("ok"::equals).count()).isEqualTo(2);
        assertThat(error.entrySet()).filteredOn(e -> e.getKey().contains("broken"))
                .singleElement().satisfies(e -> assertThat(e.getValue()).contains("broken.nii.gz"));
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).hasSize(2).noneMatch(n -> n.contains("broken"));
        }
    }

    @Test
    void evalGivesTheValuesOfPymicEval() throws IOException {
        Path table = work.resolve("eval-table");
        int code = SparkMain.run("eval", cfg.toString(), "--master", "local[2]", "--partitions", "3",
                "--table", table.toString());
        assertThat(code).isZero();
        // pymic eval's CSV: case, dice_1, dice_2, dice_3, hd95_1, ..., segmentation, ground_truth; then mean,
        // std, excluded
        List<String> single = Files.readAllLines(work.resolve("single/eval.csv"));
        String[] header = single.get(0).split(",");
        Map<String, Double> expected = new HashMap<>();
        for (String line : single.subList(1, single.size())) {
            String[] v = line.split(",");
            for (int i = 1; i < header.length; i++) {
                if (header[i].equals("segmentation") || header[i].equals("ground_truth")) {
                    continue; // the files the case compared, not a metric
                }
                expected.put(v[0] + "|" + header[i], switch (v[i]) {
                    case "nan" -> Double.NaN;
                    case "inf" -> Double.POSITIVE_INFINITY;
                    case "-inf" -> Double.NEGATIVE_INFINITY;
                    default -> Double.parseDouble(v[i]);
                });
            }
        }
        List<Row> rows = parquet(table.resolve("eval.parquet"));
        Map<String, Double> got = new HashMap<>();
        for (Row r : rows) {
            for (String m : List.of("dice", "hd95", "assd")) {
                got.put(r.getAs("case") + "|" + m + "_" + r.getAs("label"), r.<Double>getAs(m));
            }
        }
        assertThat(got.keySet()).isEqualTo(expected.keySet());
        // the CSV prints doubles as Java's shortest repr, so parsing them back gives the exact values
        expected.forEach((k, v) -> assertThat(got.get(k)).as(k).isEqualTo(v));
        assertThat(rows.stream().filter(r -> "mean".equals(r.getAs("case"))).count()).isEqualTo(3);
        assertThat(expected.get("mean|dice_1")).isBetween(0.0, 1.0);
    }
}
