package org.pymic.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's log: every message goes to SLF4J (the console, as the CLI configures it) and, time-stamped,
 * to {@code <ckpt_dir>/<prefix>_train.log}, so a run folder documents itself whatever the logging set-up.
 */
final class RunLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentationTrainer.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final BufferedWriter out;

    RunLog(Path file) {
        BufferedWriter w = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the checkpoints go to the same folder: stop now rather than at the first validation
            throw new PymicException(ExitCode.OUTPUT, file + ": cannot write the run log (" + e.getMessage()
                    + "); [training] ckpt_dir must be a folder that can be created and written");
        }
        this.out = w;
    }

    void info(String msg) {
        LOG.info(msg);
        toFile(msg);
    }

    /** A message only for the file: one the caller reports on the console itself (an error, an interrupt). */
    void toFile(String msg) {
        if (out != null) {
            try {
                out.write(LocalDateTime.now().format(TIME) + " " + msg);
                out.newLine();
                out.flush();
            } catch (IOException ignored) {
                // the console still has it
            }
        }
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
