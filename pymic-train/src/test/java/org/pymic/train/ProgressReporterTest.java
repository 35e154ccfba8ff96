package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

    /** Without a terminal: a line about every 30 s whatever the iteration count, with rate, time left and loss. */
    @Test
    void withoutATerminalALineEveryIntervalOfTime() {
        long[] now = {0};
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        ProgressReporter r = new ProgressReporter(false, new PrintStream(bar), lines::add, () -> now[0],
                TimeUnit.SECONDS.toNanos(30), 0, 1000);
        for (int it = 1; it <= 100; it++) {
            now[0] = TimeUnit.MILLISECONDS.toNanos(500L * it); // 2 it/s
            r.step(it, 0.25);
        }
        // 50 s in 100 iterations: one line at 30 s
        assertThat(lines).containsExactly("it 60/1000 loss 0.2500, 500.0 ms/it (2.00 it/s), 7m50s left");
        for (int it = 101; it <= 130; it++) {
            now[0] = TimeUnit.MILLISECONDS.toNanos(500L * it);
            r.step(it, 0.2);
        }
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("it 120/1000 loss 0.2000");
        assertThat(bar.toString()).isEmpty();
    }

    @Test
    void onATerminalABarRewrittenInPlace() {
        long[] now = {0};
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        ProgressReporter r = new ProgressReporter(true, new PrintStream(bar), lines::add, () -> now[0],
                TimeUnit.SECONDS.toNanos(30), 0, 10);
        now[0] = TimeUnit.SECONDS.toNanos(1);
        r.step(1, 0.5);
        r.breakLine();
        assertThat(bar.toString()).startsWith("\r[###---").contains("it 1/10 loss 0.5000").endsWith(System.lineSeparator());
        assertThat(lines).isEmpty();
    }
}
