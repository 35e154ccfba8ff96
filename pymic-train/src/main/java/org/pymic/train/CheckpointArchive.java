package org.pymic.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zip archive of a {@link Checkpoint} opened for reading, with its safety checks: the archive must be
 * whole (its central directory read; a file cut short is refused naming the entry it ends in), every entry
 * name must be a plain relative name inside the archive (no absolute name, drive letter, backslash,
 * {@code .} or {@code ..} segment, control character, or duplicate), and every entry is checked against
 * the SHA-256 of {@value Checkpoint#MANIFEST} when it is read. An archive without a manifest was written
 * before checksums: it is read with a warning. Entries are only ever read into memory, never extracted.
 */
final class CheckpointArchive implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointArchive.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ZipFile zip;
    private final Map<String, ZipEntry> entries;
    /** Entry name to SHA-256 (hex), or null for an archive written before checksums. */
    private final Map<String, String> sums;

    private CheckpointArchive(Path file, ZipFile zip, Map<String, ZipEntry> entries, Map<String, String> sums) {
        this.file = file;
        this.zip = zip;
        this.entries = entries;
        this.sums = sums;
    }

    /** Opens and checks the archive's directory and manifest; entries are checked as they are read. */
    static CheckpointArchive open(Path file) {
        if (!Files.exists(file)) {
            throw new PymicException(ExitCode.INPUT, file + ": checkpoint not found");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (NoSuchFileException e) {
            throw new PymicException(ExitCode.INPUT, file + ": checkpoint not found");
        } catch (IOException e) {
            throw new PymicException(ExitCode.INPUT, file + ": truncated or corrupt checkpoint, not loaded: "
                    + diagnose(file) + " (" + e.getMessage() + ")", e);
        }
        try {
            Map<String, ZipEntry> entries = new LinkedHashMap<>();
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                ZipEntry e;
                try {
                    e = en.nextElement();
                } catch (IllegalArgumentException bad) {
                    // ZipFile decodes each name as it is listed; a name that is not UTF-8 fails here
                    throw new PymicException(ExitCode.INPUT, file + ": an entry name of the checkpoint is not valid"
                            + " UTF-8 (damaged or not written by pymic): refused, nothing loaded", bad);
                }
                String why = unsafe(e.getName());
                if (why != null) {
                    throw new PymicException(ExitCode.INPUT, file + ": entry '" + printable(e.getName())
                            + "' of the checkpoint " + why + ": refused, nothing loaded");
                }
                if (entries.put(e.getName(), e) != null) {
                    throw new PymicException(ExitCode.INPUT, file + ": entry " + e.getName()
                            + " appears twice in the checkpoint: refused, nothing loaded");
                }
            }
            if (!entries.containsKey(Checkpoint.META)) {
                throw new PymicException(ExitCode.INPUT, file + ": not a pymic checkpoint (no " + Checkpoint.META + ")");
            }
            CheckpointArchive a = new CheckpointArchive(file, zip, entries, null);
            Map<String, String> sums = a.manifest();
            if (sums == null && a.metaNamesManifest()) {
                throw new PymicException(ExitCode.INPUT, file + ": entry " + Checkpoint.MANIFEST + " is missing, but "
                        + Checkpoint.META + " says the checkpoint was written with it (damaged or changed?): refused,"
                        + " nothing loaded");
            }
            if (sums == null) {
                LOG.warn("{}: checkpoint without checksums (written before pymic checked them): loaded unverified",
                        file);
                return a;
            }
            for (String n : entries.keySet()) {
                if (!n.equals(Checkpoint.MANIFEST) && !sums.containsKey(n)) {
                    throw new PymicException(ExitCode.INPUT, file + ": entry " + n
                            + " of the checkpoint has no checksum in " + Checkpoint.MANIFEST
                            + " (added after it was written?): refused, nothing loaded");
                }
            }
            for (String n : sums.keySet()) {
                if (!entries.containsKey(n)) {
                    throw new PymicException(ExitCode.INPUT, file + ": entry " + n + " that " + Checkpoint.MANIFEST
                            + " lists is missing from the checkpoint: refused, nothing loaded");
                }
            }
            return new CheckpointArchive(file, zip, entries, sums);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    /** The entry names, in archive order. */
    List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    /** True when the archive has a manifest and its entries are checked. */
    boolean verified() {
        return sums != null;
    }

    /** The bytes of an entry, checked against its SHA-256 when the archive has a manifest. */
    byte[] read(String name) {
        byte[] bytes = raw(name);
        if (sums != null) {
            String want = sums.get(name);
            String got = Checkpoint.sha256(bytes);
            if (!got.equalsIgnoreCase(want)) {
                throw new PymicException(ExitCode.INPUT, file + ": entry " + name + " of the checkpoint does not match"
                        + " its SHA-256 in " + Checkpoint.MANIFEST + " (the file was changed or damaged after it was"
                        + " written): refused, nothing loaded");
            }
        }
        return bytes;
    }

    private byte[] raw(String name) {
        ZipEntry e = entries.get(name);
        if (e == null) {
            throw new PymicException(ExitCode.INPUT, file + ": not a pymic checkpoint (no " + name + ")");
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        } catch (IOException | RuntimeException x) {
            throw new PymicException(ExitCode.INPUT, file + ": entry " + name + " of the checkpoint is corrupt ("
                    + x.getMessage() + "): refused, nothing loaded", x);
        }
    }

    /** True when the metadata says a manifest was written ({@code "checksums"} key). */
    private boolean metaNamesManifest() {
        try {
            return JSON.readTree(raw(Checkpoint.META)).has(Checkpoint.CHECKSUMS_KEY);
        } catch (IOException e) {
            throw new PymicException(ExitCode.INPUT, file + ": entry " + Checkpoint.META
                    + " of the checkpoint is not JSON: refused, nothing loaded", e);
        }
    }

    /** Entry name to SHA-256 from the manifest, or null when there is none. */
    private Map<String, String> manifest() {
        if (!entries.containsKey(Checkpoint.MANIFEST)) {
            return null;
        }
        Map<String, Object> m;
        try {
            m = JSON.readValue(raw(Checkpoint.MANIFEST), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new PymicException(ExitCode.INPUT, file + ": entry " + Checkpoint.MANIFEST
                    + " of the checkpoint is not JSON: refused, nothing loaded", e);
        }
        Object format = m.get("format");
        if (!(format instanceof Number n) || n.intValue() > Checkpoint.FORMAT) {
            throw new PymicException(ExitCode.INPUT, file + ": entry " + Checkpoint.MANIFEST + " has format " + format
                    + "; this pymic reads format " + Checkpoint.FORMAT + " (a newer pymic wrote it?)");
        }
        if (!"SHA-256".equals(m.get("algorithm")) || !(m.get("entries") instanceof Map<?, ?> listed)) {
            throw new PymicException(ExitCode.INPUT, file + ": entry " + Checkpoint.MANIFEST
                    + " names no SHA-256 entries: refused, nothing loaded");
        }
        Map<String, String> sums = new LinkedHashMap<>();
        listed.forEach((k, v) -> sums.put(String.valueOf(k), String.valueOf(v)));
        return sums;
    }

    /**
     * Why an entry name is not a plain relative name inside the archive, or null when it is. Names are
     * only ever matched against the layout, never used as paths, but an archive with such a name was not
     * written by pymic and is refused whole.
     */
    static String unsafe(String name) {
        if (name.isEmpty()) {
            return "has an empty name";
        }
        for (char c : name.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                return "has a control character in its name";
            }
        }
        if (name.indexOf('\\') >= 0) {
            return "has a backslash in its name";
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            return "has an absolute name";
        }
        Set<String> bad = new LinkedHashSet<>(List.of(".", ".."));
        for (String part : name.split("/", -1)) {
            if (bad.contains(part)) {
                return "has a name that climbs out of the archive ('" + part + "' segment)";
            }
            if (part.isEmpty()) {
                return "has an empty segment in its name";
            }
        }
        return null;
    }

    private static String printable(String name) {
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    /** Reads the archive front to back to say where it breaks: which entry it ends in, or after which. */
    private static String diagnose(Path file) {
        String last = null;
        String current = null;
        try (InputStream in = Files.newInputStream(file); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                current = e.getName();
                z.readAllBytes();
                last = current;
                current = null;
            }
        } catch (IOException | RuntimeException e) {
            if (current != null) {
                return "it ends or breaks inside entry " + printable(current)
                        + (e instanceof ZipException || e instanceof java.io.EOFException ? "" : " (" + e.getMessage() + ")");
            }
        }
        return last == null ? "no complete entry" : "its zip directory is missing or damaged after entry " + printable(last);
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // nothing was read
        }
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }
}
