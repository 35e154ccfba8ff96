package org.pymic.io.image;

/**
 * This module's tests' access to the fault seam of {@link AtomicFiles}: writes that fail once a number of
 * bytes are written to a temporary file, as on a full disk.
 */
public final class DiskFull {
    private DiskFull() {
    }

    /** Runs {@code write} with the disk full after {@code bytes} bytes of each file; returns what it threw, or null. */
    public static Throwable during(long bytes, Runnable write) {
        AtomicFiles.failAfterBytes = bytes;
        try {
            write.run();
            return null;
        } catch (RuntimeException | Error e) {
            return e;
        } finally {
            AtomicFiles.failAfterBytes = -1;
        }
    }
}
