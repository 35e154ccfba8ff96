package org.pymic.io.image;

import java.io.IOException;
import java.io.OutputStream;
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
 * A process killed during a write leaves its temporary file behind; {@link #removeStale} deletes those.
 */
public final class AtomicFiles {
    /** Name suffix of the temporary files. */
    public static final String TEMP_SUFFIX = ".tmp";

    /** The body of a write: fills the given stream. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code path} atomically with what {@code body} produces. */
    public static void write(Path path, Body body) {
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
            OutputStream out = null;
            while (out == null) {
                Path candidate = abs.resolveSibling(tempName(abs.getFileName().toString()));
                try {
                    out = Files.newOutputStream(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    tmp = candidate;
                } catch (FileAlreadyExistsException e) {
                    // another writer drew the same name: draw again
                }
            }
            try (OutputStream o = out) {
                body.write(o);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new PymicException(ExitCode.OUTPUT, path + ": cannot write file: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort clean-up of the temporary file
                }
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
