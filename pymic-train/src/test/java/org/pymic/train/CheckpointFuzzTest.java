package org.pymic.train;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.pymic.core.fuzz.ReaderContract;
import org.pymic.core.fuzz.TempFiles;

/**
 * Checkpoint archives under Jazzer: {@link Checkpoint#read} (meta.json, parameter blocks, state blobs)
 * and {@link Checkpoint#readMeta} on the input as the file; and, because a zip checks each entry's CRC
 * before the reader sees its bytes (so mutated entries rarely get past it), {@code params}: the input as
 * the {@code params/net.bin} entry of an otherwise valid checkpoint. The readers are named once below, so a changed archive format (e.g.
 * checksums) is fuzzed by pointing {@link #READ} and {@link #READ_META} at the new entry points and
 * regenerating the seeds (CheckpointFuzzTestInputs/checkpoint, /meta and /params, made by
 * {@code FuzzSeedsTest}).
 */
class CheckpointFuzzTest {
    static final ReaderContract.Read READ = Checkpoint::read;
    static final ReaderContract.Read READ_META = Checkpoint::readMeta;

    private static Path dir;

    @BeforeAll
    static void makeDir() throws Exception {
        dir = Files.createTempDirectory("pymic-fuzz-ckpt");
    }

    @AfterAll
    static void removeDir() throws Exception {
        TempFiles.delete(dir);
    }

    @FuzzTest
    void checkpoint(byte[] input) throws Exception {
        ReaderContract.check(input, dir.resolve("case.ckpt"), READ);
    }

    @FuzzTest
    void meta(byte[] input) throws Exception {
        ReaderContract.check(input, dir.resolve("case.ckpt"), READ_META);
    }

    @FuzzTest
    void params(byte[] input) throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("meta.json"));
            z.write("{\"iteration\": 1}".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("params/net.bin"));
            z.write(input);
            z.closeEntry();
        }
        Files.write(dir.resolve("case.ckpt"), zip.toByteArray());
        ReaderContract.check(input.length, dir.resolve("case.ckpt"), READ);
    }
}
