package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.net.SegNetwork;

/**
 * A checkpoint is loaded only when it is whole and as written: every entry matches the SHA-256 written at
 * save time, entry names stay inside the archive, and nothing in it is executed. Old checkpoints without
 * checksums load (with a warning).
 */
class CheckpointSafetyTest {
    private static NDManager manager;
    private static SegNetwork net;

    @TempDir
    Path dir;

    @BeforeAll
    static void network() {
        manager = NDManager.newBaseManager();
        net = TinyProblem.tinyNetworks(1).create(0);
        net.initialize(manager, new Shape(1, 1, TinyProblem.SIZE, TinyProblem.SIZE));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private Path saved() {
        Path file = Checkpoint.path(dir, "tiny", 7);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("iteration", 7);
        Checkpoint.save(file, Map.<String, Block>of("net", net.block()),
                Map.of("optimizer_net", new byte[] {1, 2, 3, 4, 5}), meta);
        return file;
    }

    @Test
    void aCheckpointAsWrittenLoadsWithEveryEntryChecksummed() throws Exception {
        Path file = saved();
        Map<String, byte[]> entries = entries(file);
        assertThat(entries).containsKeys(Checkpoint.META, "params/net.bin", "state/optimizer_net.bin", Checkpoint.MANIFEST);
        String manifest = new String(entries.get(Checkpoint.MANIFEST), StandardCharsets.UTF_8);
        // independent check of the manifest: the JDK's digest of each entry's bytes is listed
        for (String n : new String[] {Checkpoint.META, "params/net.bin", "state/optimizer_net.bin"}) {
            String hex = java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(entries.get(n)));
            assertThat(manifest).contains("\"" + n + "\" : \"" + hex + "\"");
        }
        Checkpoint c = Checkpoint.read(file);
        assertThat(c.iteration()).isEqualTo(7);
        assertThat(c.state("optimizer_net")).containsExactly(1, 2, 3, 4, 5);
        assertThat(c.parameters("net")).hasSameSizeAs(net.namedParameters());
    }

    /** A valid zip whose entry was replaced, with the manifest written at save time: refused by name. */
    @Test
    void aChangedEntryIsRefusedNamingTheFileAndTheEntry() throws Exception {
        Path file = saved();
        Path changed = dir.resolve("changed.ckpt");
        rewriteKeepingManifest(file, changed, e -> e.get("params/net.bin")[40] ^= 1);
        assertRefused(changed, "entry params/net.bin", "SHA-256");
        rewriteKeepingManifest(file, changed, e -> e.put(Checkpoint.META, "{\"iteration\": 8}".getBytes(StandardCharsets.UTF_8)));
        assertRefused(changed, "entry meta.json", "SHA-256");
        assertThatThrownBy(() -> Checkpoint.readMeta(changed)).isInstanceOf(PymicException.class)
                .hasMessageContaining("entry meta.json");
    }

    /** Any one byte flipped anywhere in the file: refused, or (a byte zip ignores) loaded unchanged. */
    @Test
    void aFlippedByteAnywhereIsRefusedOrChangesNothing() throws Exception {
        Path file = saved();
        byte[] bytes = Files.readAllBytes(file);
        Checkpoint good = Checkpoint.read(file);
        Path bad = dir.resolve("bad.ckpt");
        int stride = Math.max(1, bytes.length / 600);
        int refused = 0;
        int tried = 0;
        for (int pos = 0; pos < bytes.length; pos += stride) {
            byte[] b = bytes.clone();
            b[pos] ^= (byte) 0x5a;
            Files.write(bad, b);
            tried++;
            Throwable t = catchThrowable(() -> Checkpoint.read(bad));
            if (t != null) {
                assertThat(t).as("byte %d", pos).isInstanceOf(PymicException.class).hasMessageStartingWith(bad.toString());
                assertThat(((PymicException) t).exitCode()).isEqualTo(ExitCode.INPUT);
                refused++;
            } else {
                assertSameContent(Checkpoint.read(bad), good, pos);
            }
        }
        assertThat(refused).as("of %d flips", tried).isGreaterThan(tried / 2);
    }

    /**
     * The checkpoint fuzz target's finding (kept as its crash input): an entry name that passes ZipFile's
     * directory check but is not UTF-8 made the listing throw IllegalArgumentException.
     */
    @Test
    void anEntryNameThatIsNotUtf8IsRefusedNamingTheFile() throws Exception {
        Path file = dir.resolve("names.ckpt");
        try (var in = getClass().getResourceAsStream(
                "CheckpointFuzzTestInputs/checkpoint/crash-294b6c3225fed7aa67cd0f3cb5c1814252cc60bf")) {
            Files.write(file, in.readAllBytes());
        }
        assertRefused(file, "entry name", "not valid UTF-8");
        assertThatThrownBy(() -> Checkpoint.readMeta(file)).isInstanceOf(PymicException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void aTruncatedFileIsRefusedNamingTheEntryItEndsIn() throws Exception {
        Path file = saved();
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.ckpt");
        for (int len : new int[] {0, 10, bytes.length / 3, bytes.length / 2, bytes.length - 30, bytes.length - 1}) {
            Files.write(cut, Arrays.copyOf(bytes, len));
            Throwable t = catchThrowable(() -> Checkpoint.read(cut));
            assertThat(t).as("cut at %d of %d", len, bytes.length).isInstanceOf(PymicException.class)
                    .hasMessageStartingWith(cut.toString()).hasMessageContaining("truncated or corrupt");
            assertThat(((PymicException) t).exitCode()).isEqualTo(ExitCode.INPUT);
        }
        // the parameters are the bulk of the file: a cut in their middle names them
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> Checkpoint.read(cut)).hasMessageContaining("inside entry params/net.bin");
    }

    /** Names outside the archive are refused even when the manifest covers them. */
    @Test
    void entryNamesThatEscapeTheArchiveAreRefused() throws Exception {
        Path file = saved();
        Path evil = dir.resolve("evil.ckpt");
        for (String name : new String[] {"../x", "params/../../x.bin", "/etc/passwd", "C:/x.bin", "state\\..\\x.bin",
                "state/./x.bin", "state//x.bin"}) {
            rewrite(file, evil, e -> e.put(name, new byte[] {1}));
            assertRefused(evil, "entry '" + name + "'", "refused");
        }
        assertThatThrownBy(() -> Checkpoint.save(dir.resolve("x.ckpt"), Map.<String, Block>of("../net", net.block()),
                Map.of(), Map.of())).isInstanceOf(PymicException.class).hasMessageContaining("'../net'");
        assertThatThrownBy(() -> Checkpoint.save(dir.resolve("x.ckpt"), Map.of(), Map.of("/abs", new byte[0]), Map.of()))
                .isInstanceOf(PymicException.class).hasMessageContaining("'/abs'");
        assertThat(dir.resolve("x.ckpt")).doesNotExist();
    }

    @Test
    void anEntryAddedAfterWritingIsRefused() throws Exception {
        Path file = saved();
        Path added = dir.resolve("added.ckpt");
        rewriteKeepingManifest(file, added, e -> e.put("state/method_extra.bin", new byte[] {9}));
        assertRefused(added, "entry state/method_extra.bin", "no checksum");
        rewriteKeepingManifest(file, added, e -> e.remove("state/optimizer_net.bin"));
        assertRefused(added, "entry state/optimizer_net.bin", "missing");
    }

    /**
     * Decision: a checkpoint written before checksums (no manifest, and its metadata names none) loads with
     * a warning in the log; one whose metadata names a manifest that is gone is refused.
     */
    @Test
    void aCheckpointWithoutManifestLoads() throws Exception {
        Path file = saved();
        Path old = dir.resolve("old.ckpt");
        rewriteKeepingManifest(file, old, e -> e.remove(Checkpoint.MANIFEST));
        assertRefused(old, "entry manifest.json is missing");
        rewriteKeepingManifest(file, old, e -> {
            e.remove(Checkpoint.MANIFEST);
            e.put(Checkpoint.META, "{\"iteration\": 7}".getBytes(StandardCharsets.UTF_8));
        });
        Checkpoint c = Checkpoint.read(old);
        assertThat(c.meta()).isEqualTo(Map.of("iteration", 7));
        assertThat(c.state("optimizer_net")).containsExactly(1, 2, 3, 4, 5);
        Checkpoint.read(file).parameters("net").forEach((k, t) -> assertThat(c.parameters("net").get(k).data()).isEqualTo(t.data()));
        assertThat(Checkpoint.readMeta(old)).containsEntry("iteration", 7);
    }

    /** Metadata is plain JSON read into maps: a Jackson type hint is a string, no class is instantiated. */
    @Test
    void metadataIsDataNotCode() throws Exception {
        Path file = saved();
        Path typed = dir.resolve("typed.ckpt");
        rewrite(file, typed, e -> e.put(Checkpoint.META, ("{\"iteration\": 3, \"x\": [\"java.lang.ProcessBuilder\","
                + " {\"command\": [\"touch\", \"" + dir.resolve("pwned") + "\"]}], \"@class\": \"java.lang.Runtime\"}")
                .getBytes(StandardCharsets.UTF_8)));
        Checkpoint c = Checkpoint.read(typed);
        assertThat(c.meta().get("@class")).isEqualTo("java.lang.Runtime");
        assertThat(c.meta().get("x")).isInstanceOf(java.util.List.class);
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    private static void assertRefused(Path file, String... parts) {
        Throwable t = catchThrowable(() -> Checkpoint.read(file));
        assertThat(t).isInstanceOf(PymicException.class).hasMessageStartingWith(file.toString());
        for (String p : parts) {
            assertThat(t).hasMessageContaining(p);
        }
        assertThat(((PymicException) t).exitCode()).isEqualTo(ExitCode.INPUT);
    }

    private static void assertSameContent(Checkpoint a, Checkpoint b, int pos) {
        assertThat(a.meta()).as("byte %d", pos).isEqualTo(b.meta());
        assertThat(a.stateKeys()).isEqualTo(b.stateKeys());
        for (String k : b.stateKeys()) {
            assertThat(a.state(k)).isEqualTo(b.state(k));
        }
        assertThat(a.networkNames()).isEqualTo(b.networkNames());
        b.parameters("net").forEach((k, t) -> {
            assertThat(a.parameters("net").get(k).shape()).isEqualTo(t.shape());
            assertThat(a.parameters("net").get(k).data()).as("byte %d, %s", pos, k).isEqualTo(t.data());
        });
    }

    private static Map<String, byte[]> entries(Path file) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> en = z.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                out.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        return out;
    }

    /**
     * Writes the entries of {@code from}, changed, with a manifest recomputed for the changed entries (as a
     * deliberate forger would), so only the names or contents are what is refused.
     */
    private static void rewrite(Path from, Path to, Consumer<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> e = entries(from);
        e.remove(Checkpoint.MANIFEST);
        change.accept(e);
        StringBuilder m = new StringBuilder("{\"format\": 1, \"algorithm\": \"SHA-256\", \"entries\": {");
        e.forEach((k, v) -> m.append(m.charAt(m.length() - 1) == '{' ? "" : ", ").append('"')
                .append(k.replace("\\", "\\\\")).append("\": \"").append(Checkpoint.sha256(v)).append('"'));
        e.put(Checkpoint.MANIFEST, m.append("}}").toString().getBytes(StandardCharsets.UTF_8));
        write(to, e);
    }

    /** Writes the entries of {@code from}, changed, with the manifest written at save time. */
    private static void rewriteKeepingManifest(Path from, Path to, Consumer<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> e = entries(from);
        change.accept(e);
        write(to, e);
    }

    private static void write(Path to, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream o = bytes; ZipOutputStream z = new ZipOutputStream(o)) {
            for (Map.Entry<String, byte[]> x : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(x.getKey()));
                z.write(x.getValue());
                z.closeEntry();
            }
        }
        Files.write(to, bytes.toByteArray());
    }
}
