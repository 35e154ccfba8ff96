package org.pymic.io.image;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * Writes a file through a temporary file in the same folder that is then moved into place, so a
 * crash or a failed write never leaves half a file under the final name. The temporary file is
 * {@code .<name>.<random>.tmp}, created as an ordinary file: the final file has the permissions the
 * umask gives any new file (a JDK temporary file would be private to the user whatever the umask).
 * A write that fails (disk full, read-only file system, an exception in the body) deletes its temporary
 * file, leaves the previous file byte for byte as it was, and fails with {@link ExitCode#OUTPUT}, the
 * message naming the file and saying whether a previous version is kept.
 *
 * <p>Durability: the temporary file's content is forced to the storage device before the move, and the
 * folder after it (where the operating system lets a folder be opened and forced: Linux and macOS, not
 * Windows), so after a power loss the final name holds either the previous or the new content.
 * A process killed during a write leaves its temporary file behind; {@link #removeStale} deletes those.
 */
public final class AtomicFiles {
    /** Name suffix of the temporary files. */
    public static final String TEMP_SUFFIX = ".tmp";

    /**
     * Fault injection for tests: when {@code >= 0}, the stream of every temporary file fails with an
     * {@link IOException} ("No space left on device") once that many bytes have been written to it, as
     * a full disk would. {@code -1} (always, outside tests) writes normally.
     */
    static volatile long failAfterBytes = -1;

    /** The body of a write: fills the given stream. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** One file of {@link #writeAll}: its final path and what to write there. */
    public record Target(Path path, Body body) {
    }

    private AtomicFiles() {
    }

    /** Writes {@code path} atomically with what {@code body} produces. */
    public static void write(Path path, Body body) {
        writeAll(List.of(new Target(path, body)));
    }

    /**
     * Writes several files that belong together (a MetaImage header and its raw data): every body is
     * written to its temporary file first; only when all succeeded are they moved into place, in the given
     * order. A body that fails leaves every previous file as it was.
     */
    public static void writeAll(List<Target> targets) {
        List<Path> finals = new ArrayList<>();
        List<Path> temps = new ArrayList<>();
        try {
            for (Target t : targets) {
                Path abs = t.path().toAbsolutePath();
                finals.add(abs);
                try {
                    temps.add(stage(abs, t.body()));
                } catch (IOException e) {
                    throw failure(t.path(), e, targets.size() > 1 ? ", and so are the files written with it" : "");
                }
            }
            for (int i = 0; i < temps.size(); i++) {
                try {
                    move(temps.get(i), finals.get(i));
                } catch (IOException e) {
                    throw failure(targets.get(i).path(), e, i == 0 ? "" : ", but " + finals.subList(0, i)
                            + " already hold the new version");
                }
                temps.set(i, null);
            }
            for (Path dir : finals.stream().map(Path::getParent).distinct().toList()) {
                syncDirectory(dir);
            }
        } finally {
            for (Path tmp : temps) {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // best effort clean-up of the temporary file
                    }
                }
            }
        }
    }

    /** Writes {@code body} to a new temporary file next to {@code abs}, forced to storage; returns it. */
    private static Path stage(Path abs, Body body) throws IOException {
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        FileChannel ch = null;
        Path tmp = null;
        while (ch == null) {
            Path candidate = abs.resolveSibling(tempName(abs.getFileName().toString()));
            try {
                ch = FileChannel.open(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                tmp = candidate;
            } catch (FileAlreadyExistsException e) {
                // another writer drew the same name: draw again
            }
        }
        try (FileChannel c = ch) {
            OutputStream raw = Channels.newOutputStream(c);
            long limit = failAfterBytes;
            KeptOpen out = new KeptOpen(limit >= 0 ? new FailAfter(raw, limit) : raw);
            body.write(out);
            out.flush();
            c.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    private static void move(Path tmp, Path abs) throws IOException {
        try {
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Forces a folder's entries (the rename) to storage, where the operating system allows it. */
    static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a folder as a channel; the rename stands, only its durability is the OS's
        }
    }

    private static PymicException failure(Path path, Exception e, String more) {
        String kept = Files.exists(path) ? "the previous version is kept unchanged" : "no file was written";
        // the causes too: an image writer reports "I/O error writing PNG file!" over "No space left on device"
        StringBuilder msg = new StringBuilder();
        Throwable c = e;
        for (int depth = 0; c != null && depth < 8; depth++, c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            if (msg.indexOf(m) < 0) {
                msg.append(msg.length() == 0 ? "" : ": ").append(m);
            }
        }
        return new PymicException(ExitCode.OUTPUT, path + ": cannot write file (" + kept
                + more + "): " + msg, e);
    }

    /** The body's view of the temporary file: closing it only flushes, the file is forced and closed after. */
    private static final class KeptOpen extends FilterOutputStream {
        KeptOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /** Writes up to {@code limit} bytes, then fails as a full disk does (fault injection). */
    private static final class FailAfter extends FilterOutputStream {
        private long left;

        FailAfter(OutputStream out, long limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, left);
            out.write(b, off, n);
            left -= n;
            if (n < len) {
                throw new IOException("No space left on device");
            }
        }
    }

    /** Writes {@code text} as UTF-8 to {@code path} atomically. */
    public static void writeString(Path path, String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        write(path, out -> out.write(bytes));
    }

    /** {@code .<name>.<random>.tmp}: the temporary name of a write of {@code name}. */
    static String tempName(String name) {
        return "." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + TEMP_SUFFIX;
    }

    /**
     * Deletes the temporary files that interrupted writes left in {@code dir} for final names starting
     * with {@code namePrefix}, and returns them. Only for a folder no other process writes to now.
     */
    public static List<Path> removeStale(Path dir, String namePrefix) {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "." + globEscape(namePrefix) + "*" + TEMP_SUFFIX)) {
            for (Path p : files) {
                if (Files.isRegularFile(p) && Files.deleteIfExists(p)) {
                    removed.add(p);
                }
            }
        } catch (IOException e) {
            // a stale temporary file is harmless; it stays
        }
        return removed;
    }

    private static String globEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ("*?[]{}\\".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
