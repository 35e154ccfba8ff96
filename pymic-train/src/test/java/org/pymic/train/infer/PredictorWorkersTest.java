package org.pymic.train.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * {@code num_worker} changes how fast inference runs, never what it writes: label maps and probability
 * maps are the same bytes, in the same order, with 0, 1 or 2 workers; two cases that would write one file
 * are refused before anything is written.
 */
class PredictorWorkersTest {
    @TempDir
    static Path work;

    private static Config config;

    @BeforeAll
    static void trainTinyModel() {
        config = Config.load(TinyModel.train(work, 10, 11, "dataset.num_worker=1", "training.iter_max=3",
                "training.iter_valid=3", "testing.save_probability=True", "testing.post_process=KeepLargestComponent"));
    }

    private static List<Path> infer(int workers, Path out) {
        config.withOverride("dataset.num_worker=" + workers);
        config.withOverride("testing.output_dir=" + out);
        return Predictor.run(config);
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                m.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    @Test
    void everyWorkerCountWritesTheSameBytesInTheSameOrder() throws IOException {
        List<Path> zero = infer(0, work.resolve("w0"));
        Map<String, byte[]> expected = files(work.resolve("w0"));
        // the 7 training cases: one label map and 4 probability maps each, nothing else (no temporary file)
        assertThat(zero).hasSize(7);
        assertThat(expected).hasSize(7 * 5);
        assertThat(expected.keySet()).allMatch(n -> n.endsWith(".nii.gz"));
        for (int workers : new int[] {1, 2}) {
            Path out = work.resolve("w" + workers);
            List<Path> written = infer(workers, out);
            assertThat(written.stream().map(Path::getFileName).toList())
                    .as("%d workers", workers).isEqualTo(zero.stream().map(Path::getFileName).toList());
            Map<String, byte[]> got = files(out);
            assertThat(got.keySet()).isEqualTo(expected.keySet());
            expected.forEach((n, b) -> assertThat(got.get(n)).as("%s with %d workers", n, workers).isEqualTo(b));
        }
    }

    @Test
    void twoCasesWritingOneFileAreRefusedBeforeAnythingIsWritten() throws IOException {
        Path csv = work.resolve("twice.csv");
        List<String> rows = Files.readAllLines(work.resolve("data/train.csv"));
        Files.write(csv, List.of(rows.get(0), rows.get(1), rows.get(2), rows.get(1)));
        Config c = Config.load(work.resolve("run.cfg"));
        c.withOverride("dataset.test_csv=" + csv);
        c.withOverride("dataset.num_worker=2");
        c.withOverride("testing.output_dir=" + work.resolve("twice"));
        assertThatThrownBy(() -> Predictor.run(c))
                .isInstanceOfSatisfying(PymicException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.DATA))
                .hasMessageContaining("rows 2 (")
                .hasMessageContaining("and 4 (")
                .hasMessageContaining("would both be written to");
        assertThat(work.resolve("twice")).doesNotExist();
    }
}
