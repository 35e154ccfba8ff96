package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.io.image.DiskFull;
import org.pymic.net.SegNetwork;

/**
 * A checkpoint, and the {@code latest} pointer, written on a disk that fills up midway: the previous file
 * stays byte for byte and loads, no temporary file is left, and the error names the file and says the
 * previous version is kept.
 */
class CheckpointWriteFaultTest {
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

    private static void save(Path file, byte state) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("iteration", 7);
        Checkpoint.save(file, Map.<String, Block>of("net", net.block()), Map.of("optimizer_net", new byte[] {state, 2, 3}), meta);
    }

    @Test
    void aCheckpointWrittenOnAFullDiskKeepsThePreviousOne() throws Exception {
        Path file = Checkpoint.path(dir, "tiny", 7);
        save(file, (byte) 1);
        byte[] before = Files.readAllBytes(file);
        Path scratch = Checkpoint.path(Files.createDirectories(dir.resolve("scratch")), "tiny", 7);
        save(scratch, (byte) 9);
        long size = Files.size(scratch);
        for (long after : new long[] {0, 1, 100, size / 2, size - 1}) {
            Throwable t = DiskFull.during(after, () -> save(file, (byte) 9));
            assertThat(t).as("disk full after %d of %d bytes", after, size)
                    .isInstanceOfSatisfying(PymicException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.OUTPUT))
                    .hasMessageContaining(file.toString()).hasMessageContaining("the previous version is kept unchanged")
                    .hasMessageContaining("No space left on device");
            assertThat(Files.readAllBytes(file)).as("after %d bytes", after).isEqualTo(before);
            assertThat(tempFiles()).isEmpty();
        }
        assertThat(Checkpoint.read(file).state("optimizer_net")).containsExactly(1, 2, 3);
        save(file, (byte) 9);
        assertThat(Checkpoint.read(file).state("optimizer_net")).containsExactly(9, 2, 3);
    }

    @Test
    void aPointerWrittenOnAFullDiskKeepsNamingThePreviousCheckpoint() throws Exception {
        Checkpoint.writePointer(dir, "tiny", "latest", 8);
        for (long after : new long[] {0, 1}) {
            Throwable t = DiskFull.during(after, () -> Checkpoint.writePointer(dir, "tiny", "latest", 12));
            assertThat(t).isInstanceOf(PymicException.class).hasMessageContaining("tiny_latest.txt")
                    .hasMessageContaining("the previous version is kept unchanged");
            assertThat(Checkpoint.readPointer(dir, "tiny", "latest")).isEqualTo(8);
            assertThat(tempFiles()).isEmpty();
        }
        Checkpoint.writePointer(dir, "tiny", "latest", 12);
        assertThat(Checkpoint.readPointer(dir, "tiny", "latest")).isEqualTo(12);
    }

    private Stream<String> tempFiles() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList().stream();
        }
    }
}
