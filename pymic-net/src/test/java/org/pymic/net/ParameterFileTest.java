package org.pymic.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

class ParameterFileTest {
    @TempDir
    Path dir;

    /** A save that cannot be moved into place (the name is a folder) keeps what was there and leaves no temporary. */
    @Test
    void aFailedSaveLeavesThePreviousFileAndNoTemporary() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SegNetwork a = Networks.create("UNet2D", NetTesting.tiny(1, 2));
            a.initialize(m, new Shape(1, 1, 16, 16));
            Path target = Files.createDirectories(dir.resolve("net.bin"));
            Path inside = Files.writeString(target.resolve("keep.txt"), "old");
            assertThatThrownBy(() -> a.save(target))
                    .isInstanceOfSatisfying(PymicException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.OUTPUT))
                    .hasMessageContaining("unchanged");
            assertThat(inside).hasContent("old");
            try (var files = Files.list(dir)) {
                assertThat(files).containsExactly(target);
            }
        }
    }

    /** A save on a disk that fills up midway keeps the previous file byte for byte and says so. */
    @Test
    void aSaveOnAFullDiskKeepsThePreviousFile() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SegNetwork a = Networks.create("UNet2D", NetTesting.tiny(1, 2));
            a.initialize(m, new Shape(1, 1, 16, 16));
            Path file = dir.resolve("net.bin");
            a.save(file);
            byte[] before = Files.readAllBytes(file);
            a.forward(NetTesting.input(m, new Shape(2, 1, 16, 16), 1), true); // new running statistics
            Path scratch = Files.createDirectories(dir.resolve("scratch")).resolve("net.bin");
            a.save(scratch);
            assertThat(Files.readAllBytes(scratch)).isNotEqualTo(before);
            long size = Files.size(scratch);
            for (long after : new long[] {0, 1, size / 2, size - 1}) {
                ParameterFile.failAfterBytes = after;
                try {
                    assertThatThrownBy(() -> a.save(file)).as("disk full after %d of %d bytes", after, size)
                            .isInstanceOfSatisfying(PymicException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.OUTPUT))
                            .hasMessageContaining(file.toString()).hasMessageContaining("the previous file is kept unchanged")
                            .hasMessageContaining("No space left on device");
                } finally {
                    ParameterFile.failAfterBytes = -1;
                }
                assertThat(Files.readAllBytes(file)).isEqualTo(before);
                try (var files = Files.list(dir)) {
                    assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("net.bin", "scratch");
                }
            }
            a.save(file);
            assertThat(file).hasSameBinaryContentAs(scratch);
        }
    }

    @Test
    void savedParametersReproduceTheOutputsOfAnotherInstance() throws Exception {
        Shape in = new Shape(2, 1, 16, 16);
        try (NDManager m = NDManager.newBaseManager()) {
            SegNetwork a = Networks.create("UNet2D", NetTesting.tiny(1, 2));
            a.initialize(m, in);
            NDArray x = NetTesting.input(m, in, 1);
            a.forward(x, true); // moves the running statistics away from their initial values
            Path file = dir.resolve("net.bin");
            a.save(file);
            assertThat(Files.exists(file)).isTrue();
            assertThat(Files.exists(dir.resolve("net.bin.tmp"))).isFalse();

            SegNetwork b = Networks.create("UNet2D", NetTesting.tiny(1, 2));
            b.initialize(m, in);
            float[] before = b.forward(x, false).main().toFloatArray();
            float[] expected = a.forward(x, false).main().toFloatArray();
            assertThat(before).isNotEqualTo(expected);
            b.load(file);
            assertThat(b.forward(x, false).main().toFloatArray()).containsExactly(expected);
        }
    }

    @Test
    void loadingIntoADifferentNetworkNamesTheFileAndTheParameter() {
        try (NDManager m = NDManager.newBaseManager()) {
            SegNetwork a = Networks.create("UNet2D", NetTesting.tiny(1, 2));
            a.initialize(m, new Shape(1, 1, 16, 16));
            Path file = dir.resolve("a.bin");
            a.save(file);
            SegNetwork wider = Networks.create("UNet2D", NetTesting.tiny(1, 2, "feature_chns", List.of(4, 8, 16, 32, 48)));
            wider.initialize(m, new Shape(1, 1, 16, 16));
            assertThatThrownBy(() -> wider.load(file)).isInstanceOf(PymicException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("shape")
                    .extracting(e -> ((PymicException) e).exitCode()).isEqualTo(ExitCode.INPUT);
            SegNetwork other = Networks.create("AttentionUNet2D", NetTesting.tiny(1, 2));
            other.initialize(m, new Shape(1, 1, 16, 16));
            assertThatThrownBy(() -> other.load(file)).isInstanceOf(PymicException.class)
                    .hasMessageContaining("missing");
            assertThatThrownBy(() -> other.load(dir.resolve("none.bin"))).isInstanceOf(PymicException.class)
                    .hasMessageContaining("not found");
        }
    }
}
