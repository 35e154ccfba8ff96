package org.pymic.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * The claim of one training run on its checkpoint folder: an operating-system lock on
 * {@code <ckpt_dir>/}{@value #NAME} held for the whole run, so a second run writing into the same folder is
 * refused rather than interleaving its checkpoints, pointers and metrics with the first's. The file
 * records the holder's pid, host and start time for the refusal message. The lock is the operating
 * system's ({@link FileChannel#tryLock}), which it releases when the holding process ends however it ends,
 * so a lock file left by a killed run never blocks the next one. The file itself stays (deleting it on
 * release would let a waiting run lock a file that is no longer the folder's). Locks on network file
 * systems are only as reliable as the file system's own locking.
 */
public final class CheckpointDirLock implements AutoCloseable {
    /** Name of the lock file in the checkpoint folder. */
    public static final String NAME = "pymic.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private CheckpointDirLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dir} (created if missing), or fails with {@link ExitCode#OUTPUT} naming the
     * run that holds it.
     */
    public static CheckpointDirLock acquire(Path dir) {
        Path file = dir.resolve(NAME);
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another run in this JVM
            }
            if (lock == null) {
                String holder = holder(ch);
                ch.close();
                throw new PymicException(ExitCode.OUTPUT, dir + ": another pymic run is writing checkpoints into this"
                        + " folder (" + file.getFileName() + " is locked" + (holder.isEmpty() ? "" : " by " + holder)
                        + "); wait for it to end or set [training] ckpt_dir to another folder");
            }
            String me = "pid " + ProcessHandle.current().pid() + " on " + host() + " since " + Instant.now();
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((me + System.lineSeparator()).getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new CheckpointDirLock(file, ch, lock);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // the error below says what failed
                }
            }
            throw new PymicException(ExitCode.OUTPUT, file + ": cannot lock the checkpoint folder: " + e.getMessage(), e);
        }
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** What the holding run recorded (pid, host, time), or empty. */
    private static String holder(FileChannel ch) throws IOException {
        long size = Math.min(ch.size(), 4096);
        ByteBuffer b = ByteBuffer.allocate((int) size);
        ch.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
    }

    /** The host name without a name-service look-up (which can hang on a machine without DNS). */
    private static String host() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                h = null;
            }
        }
        return h == null || h.isBlank() ? "an unknown host" : h.strip();
    }

    /** Releases the lock; the next run may take it. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the operating system drops the lock with the channel or the process
        }
    }
}
