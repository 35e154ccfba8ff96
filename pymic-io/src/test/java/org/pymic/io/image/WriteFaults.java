package org.pymic.io.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * A full disk under {@link AtomicFiles} (its package-private fault seam): every temporary file's stream
 * fails after a given number of bytes. {@link #check} runs a writer against it at several such points.
 */
public final class WriteFaults {
    private WriteFaults() {
    }

    /**
     * Runs {@code writeNew} with the disk full after 0, 1, half and all but one of {@code newSize} bytes
     * (the size the new version has when written without a fault), and checks each time that it fails with
     * exit code 7 naming {@code named} and saying the previous version is kept, that every file of
     * {@code files} (written before) is byte for byte as it was, and that no temporary file is left in
     * their folders.
     */
    public static void check(Runnable writeNew, long newSize, Path named, Path... files) {
        List<byte[]> before = new ArrayList<>();
        for (Path f : files) {
            before.add(read(f));
        }
        for (long after : new long[] {0, 1, newSize / 2, newSize - 1}) {
            AtomicFiles.failAfterBytes = after;
            Throwable t;
            try {
                t = catchThrowable(writeNew::run);
            } finally {
                AtomicFiles.failAfterBytes = -1;
            }
            assertThat(t).as("a write failing after %d of %d bytes", after, newSize)
                    .isInstanceOfSatisfying(PymicException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.OUTPUT))
                    .hasMessageContaining(named.toString())
                    .hasMessageContaining("the previous version is kept unchanged")
                    .hasMessageContaining("No space left on device");
            for (int i = 0; i < files.length; i++) {
                assertThat(read(files[i])).as("%s after a write failing after %d bytes", files[i], after)
                        .isEqualTo(before.get(i));
            }
            for (Path dir : Stream.of(files).map(f -> f.toAbsolutePath().getParent()).distinct().toList()) {
                try (Stream<Path> s = Files.list(dir)) {
                    assertThat(s.map(p -> p.getFileName().toString())).as("files in %s", dir)
                            .noneMatch(n -> n.endsWith(AtomicFiles.TEMP_SUFFIX));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** The size of a file. */
    public static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the two files differ (the new version is not the old one, so keeping the old one shows). */
    public static boolean differ(Path a, Path b) {
        return !Arrays.equals(read(a), read(b));
    }
}
