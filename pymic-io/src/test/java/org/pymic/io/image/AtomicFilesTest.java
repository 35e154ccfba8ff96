package org.pymic.io.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.PymicException;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void failedWriteKeepsOldFileAndLeavesNoTemporary() throws Exception {
        Path target = tmp.resolve("out.nii.gz");
        Files.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        })).isInstanceOf(PymicException.class).hasMessageContaining("disk full");
        assertThat(target).hasContent("old");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).containsExactly(target);
        }
        AtomicFiles.write(target, out -> out.write("new".getBytes()));
        assertThat(target).hasContent("new");
    }
}
