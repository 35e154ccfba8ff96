package org.pymic.core.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * The contract every reader of outside bytes keeps, checked by the fuzz tests: for any bytes it returns
 * a result or throws a {@link PymicException} with an input-side exit code and a message naming the
 * file (a path in the input's folder, which holds only the input's files); any other throwable escapes to Jazzer as a finding. It also must not allocate more than the
 * file can justify: {@link #BASE_BYTES} plus {@link #BYTES_PER_INPUT_BYTE} per byte of input (room for
 * gzip/zlib expansion, at most 1032:1, and float copies), measured on the calling thread.
 * (pymic-io and pymic-train use this class through pymic-core's test-jar.)
 */
public final class ReaderContract {
    public static final long BASE_BYTES = 128L << 20;
    public static final long BYTES_PER_INPUT_BYTE = 16_384;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ReaderContract() {
    }

    /** A reader run on a file. */
    @FunctionalInterface
    public interface Read {
        Object read(Path file) throws Exception;
    }

    /** Writes {@code input} to {@code file} and checks {@code reader}'s contract on it. */
    public static void check(byte[] input, Path file, Read reader) throws Exception {
        try {
            Files.write(file, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        check(input.length, file, reader);
    }

    /** Checks {@code reader}'s contract on a file (or files) of {@code inputBytes} bytes in all. */
    public static void check(long inputBytes, Path file, Read reader) throws Exception {
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        try {
            reader.read(file);
        } catch (PymicException e) {
            ExitCode code = e.exitCode();
            if (code != ExitCode.INPUT && code != ExitCode.DATA && code != ExitCode.CONFIG) {
                throw new AssertionError("exit code " + code + " for bad input: " + e.getMessage(), e);
            }
            String msg = e.getMessage();
            if (msg == null || !msg.contains(file.getParent().toString())) {
                throw new AssertionError("message names no file of " + file.getParent() + ": " + msg, e);
            }
        }
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
        long budget = BASE_BYTES + BYTES_PER_INPUT_BYTE * inputBytes;
        if (allocated > budget) {
            throw new AssertionError("allocated " + allocated + " bytes reading " + inputBytes
                    + " input bytes (budget " + budget + ")");
        }
    }
}
