package org.pymic.train;

import java.io.PrintStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training progress: on a terminal a one-line bar rewritten in place with iteration, loss, rate and time
 * left; otherwise (files, CI) a log line every {@code everyIterations}.
 */
public final class ProgressReporter {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
    private final boolean terminal;
    private final PrintStream out;
    private final int every;
    private final int start;
    private final int end;
    private final long t0 = System.nanoTime();
    private boolean dirty;

    public ProgressReporter(int start, int end, int everyIterations) {
        this(System.console() != null, System.out, start, end, everyIterations);
    }

    ProgressReporter(boolean terminal, PrintStream out, int start, int end, int everyIterations) {
        this.terminal = terminal;
        this.out = out;
        this.start = start;
        this.end = end;
        this.every = Math.max(1, everyIterations);
    }

    /** Reports that iteration {@code it} (1-based count of finished steps) is done. */
    public void step(int it, double loss) {
        double elapsed = (System.nanoTime() - t0) / 1e9;
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
        } else if (it % every == 0 || it == end) {
            LOG.info(String.format(Locale.ROOT, "it %d/%d loss %.4f (%.2f s/it, %s left)", it, end, loss, perIt,
                    duration(left)));
        }
    }

    /** Ends the in-place line before other output. */
    public void breakLine() {
        if (terminal && dirty) {
            out.println();
            dirty = false;
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
