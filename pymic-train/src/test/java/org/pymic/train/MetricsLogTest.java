package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    @TempDir
    Path dir;

    private static void rows(MetricsLog log, int from, int to) {
        for (int i = from; i <= to; i++) {
            log.appendTrain(i, Map.of("loss", 1.0 / i), 0.001, StepTiming.zero());
        }
    }

    @Test
    void aResumedRunKeepsRowsUpToItsStartAndDropsLaterOnes() throws Exception {
        Path f = dir.resolve("m.csv");
        try (MetricsLog log = new MetricsLog(f, 0, 2)) {
            rows(log, 1, 5);
        }
        try (MetricsLog log = new MetricsLog(f, 3, 2)) {
            rows(log, 4, 4);
        }
        List<String> lines = Files.readAllLines(f);
        assertThat(lines).hasSize(5);
        assertThat(lines.stream().skip(1).map(l -> l.split(",")[0])).containsExactly("1", "2", "3", "4");
    }

    @Test
    void aRowCutShortByAKilledProcessIsDroppedEvenWhenItsIterationReadsAsKept() throws Exception {
        Path f = dir.resolve("m.csv");
        try (MetricsLog log = new MetricsLog(f, 0, 2)) {
            rows(log, 1, 3);
        }
        // a kill in the middle of writing row 12 left "1" (the first digit) at the end of the file
        Files.writeString(f, Files.readString(f) + "1", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        try (MetricsLog log = new MetricsLog(f, 3, 2)) {
            rows(log, 4, 4);
        }
        List<String> lines = Files.readAllLines(f);
        assertThat(lines.stream().skip(1).map(l -> l.split(",")[0])).containsExactly("1", "2", "3", "4");
        int cells = lines.get(0).split(",", -1).length;
        assertThat(lines).allSatisfy(l -> assertThat(l.split(",", -1)).hasSize(cells));
    }

    /** A row that fails midway (disk full) is cut off: the file keeps exactly its earlier rows, and says so. */
    @Test
    void aRowThatFailsMidwayLeavesNoPartialRow() throws Exception {
        Path f = dir.resolve("m.csv");
        try (MetricsLog log = new MetricsLog(f, 0, 2)) {
            rows(log, 1, 3);
            byte[] before = Files.readAllBytes(f);
            for (long after : new long[] {0, 1, 12}) {
                log.failAfterBytes = after;
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> rows(log, 4, 4))
                        .isInstanceOfSatisfying(org.pymic.core.error.PymicException.class,
                                e -> assertThat(e.exitCode()).isEqualTo(org.pymic.core.error.ExitCode.OUTPUT))
                        .hasMessageContaining(f.toString()).hasMessageContaining("row of iteration 4")
                        .hasMessageContaining("the file keeps the rows before it, unchanged")
                        .hasMessageContaining("No space left on device");
                assertThat(Files.readAllBytes(f)).as("after %d bytes", after).isEqualTo(before);
            }
            log.failAfterBytes = -1;
            rows(log, 4, 5);
        }
        List<String> lines = Files.readAllLines(f);
        assertThat(lines.stream().skip(1).map(l -> l.split(",")[0])).containsExactly("1", "2", "3", "4", "5");
        assertThat(lines).allSatisfy(l -> assertThat(l.split(",", -1)).hasSameSizeAs(lines.get(0).split(",", -1)));
    }
}
