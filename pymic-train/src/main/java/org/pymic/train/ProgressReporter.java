package org.pymic.train;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training progress: on a terminal a one-line bar on stderr rewritten in place with iteration, loss, rate
 * and time left; otherwise (files, CI, cluster jobs) a log line every {@value #LOG_INTERVAL_SECONDS} s
 * with the iteration, ms per iteration, iterations per second, time left and the current loss.
 */
public final class ProgressReporter {
    /** Seconds between progress lines when stderr is not a terminal. */
    public static final int LOG_INTERVAL_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
    private final boolean terminal;
    private final PrintStream out;
    private final Consumer<String> log;
    private final LongSupplier clock;
    private final long intervalNanos;
    private final int start;
    private final int end;
    private final long t0;
    private long lastLine;
    private boolean dirty;

    public ProgressReporter(int start, int end) {
        this(stderrIsTerminal(), System.err, LOG::info, System::nanoTime,
                TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS), start, end);
    }

    ProgressReporter(boolean terminal, PrintStream out, Consumer<String> log, LongSupplier clock, long intervalNanos,
                     int start, int end) {
        this.terminal = terminal;
        this.out = out;
        this.log = log;
        this.clock = clock;
        this.intervalNanos = intervalNanos;
        this.start = start;
        this.end = end;
        this.t0 = clock.getAsLong();
        this.lastLine = t0;
    }

    /** Reports that iteration {@code it} (1-based count of finished steps) is done. */
    public void step(int it, double loss) {
        long now = clock.getAsLong();
        double elapsed = (now - t0) / 1e9;
        int done = it - start;
        double perIt = done > 0 ? elapsed / done : 0;
        double left = perIt * (end - it);
        if (terminal) {
            int width = 30;
            int filled = (int) Math.round(width * (double) (it - start) / Math.max(1, end - start));
            String bar = "#".repeat(Math.max(0, filled)) + "-".repeat(Math.max(0, width - filled));
            out.print(String.format(Locale.ROOT, "\r[%s] it %d/%d loss %.4f %.2f s/it, %s left  ", bar, it, end, loss,
                    perIt, duration(left)));
            out.flush();
            dirty = true;
        } else if (now - lastLine >= intervalNanos) {
            lastLine = now;
            log.accept(String.format(Locale.ROOT, "it %d/%d loss %.4f, %.1f ms/it (%.2f it/s), %s left", it, end, loss,
                    perIt * 1e3, perIt > 0 ? 1 / perIt : 0.0, duration(left)));
        }
    }

    /** Ends the in-place line before other output. */
    public void breakLine() {
        if (terminal && dirty) {
            out.println();
            dirty = false;
        }
    }

    /**
     * Whether stderr (where the bar goes) is a terminal: there is a console, and on Linux file descriptor 2
     * is a terminal device (a console with stderr redirected to a file gets log lines, not a bar).
     */
    static boolean stderrIsTerminal() {
        if (System.console() == null) {
            return false;
        }
        Path fd = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return true;
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
