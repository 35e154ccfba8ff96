package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resident-memory log of {@code pymic bench train --memory}. */
class BenchCommandTest {
    @Test
    void parsesVmRssFromProcStatus() {
        List<String> status = List.of("Name:\tjava", "VmPeak:\t 9999 kB", "VmRSS:\t  123456 kB", "Threads:\t40");
        assertThat(BenchCommand.MemoryLog.parseVmRssKb(status)).isEqualTo(123456L);
        assertThat(BenchCommand.MemoryLog.parseVmRssKb(List.of("Name:\tjava"))).isEqualTo(-1L);
    }

    @Test
    void reportsEveryNthIterationAndRatioOfLastToFirst() {
        StringWriter s = new StringWriter();
        BenchCommand.MemoryLog log = new BenchCommand.MemoryLog(2, new PrintWriter(s, true));
        for (int it = 1; it <= 5; it++) {
            log.afterStep(it);
        }
        log.summary();
        String[] lines = s.toString().split("\\R");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("memory: iteration 2 rss ");
        assertThat(lines[1]).startsWith("memory: iteration 4 rss ");
        assertThat(lines[2]).contains("at iteration 2,").contains("at iteration 4, ratio ");
        assertThat(BenchCommand.MemoryLog.rssKb()).isPositive();
    }
}
