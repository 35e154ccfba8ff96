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
}
