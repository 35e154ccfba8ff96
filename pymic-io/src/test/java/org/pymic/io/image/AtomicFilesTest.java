package org.pymic.io.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
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

    /** The umask decides, as for any new file: a JDK temporary file would be 0600 whatever the umask. */
    @Test
    void writtenFileHasThePermissionsOfAnOrdinaryNewFile() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path probe = Files.createFile(tmp.resolve("probe"));
        Set<PosixFilePermission> ordinary = Files.getPosixFilePermissions(probe);
        org.junit.jupiter.api.Assumptions.assumeTrue(ordinary.contains(PosixFilePermission.GROUP_READ)
                || ordinary.contains(PosixFilePermission.OTHERS_READ), "a umask that lets others read");
        Path target = tmp.resolve("seg.nii.gz");
        AtomicFiles.writeString(target, "x");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(ordinary);
    }

    @Test
    void removeStaleDeletesOnlyTheTemporaryFilesOfThePrefix() throws Exception {
        Path stale = Files.writeString(tmp.resolve(AtomicFiles.tempName("run_30.ckpt")), "half");
        Path legacy = Files.writeString(tmp.resolve(".run_latest.txt8812345.tmp"), "half");
        Path other = Files.writeString(tmp.resolve(AtomicFiles.tempName("other_30.ckpt")), "half");
        Path kept = Files.writeString(tmp.resolve("run_30.ckpt"), "whole");
        assertThat(AtomicFiles.removeStale(tmp, "run_")).containsExactlyInAnyOrder(stale, legacy);
        assertThat(stale).doesNotExist();
        assertThat(legacy).doesNotExist();
        assertThat(other).exists();
        assertThat(kept).exists();
    }
}
