package org.pymic.io.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;

/**
 * A real full disk and a real read-only file system: a 64 KiB tmpfs mounted for the test. Runs only where
 * the test may mount (root on Linux); skipped elsewhere.
 */
@EnabledOnOs(OS.LINUX)
class TmpfsDiskFullTest {
    @TempDir
    Path tmp;
    private Path mnt;

    @BeforeEach
    void mount() throws Exception {
        mnt = Files.createDirectory(tmp.resolve("small"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt.toString()),
                "cannot mount a tmpfs here (not root)");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mnt != null) {
            run("umount", mnt.toString());
        }
    }

    private static boolean run(String... cmd) throws Exception {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static Volume noise(int w, long seed) {
        Random r = new Random(seed);
        float[] v = new float[w * 64];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new Volume(v, 1, 1, 64, w, new double[] {1, 1, 1}, null, null, null);
    }

    @Test
    void aWriteThatFillsTheDiskKeepsThePreviousFile() throws Exception {
        Path file = mnt.resolve("seg.nii");
        ImageFiles.write(noise(32, 1), file, "float32"); // 8 KiB of data
        byte[] before = Files.readAllBytes(file);
        Throwable t = catchThrowable(() -> ImageFiles.write(noise(512, 2), file, "float32")); // 128 KiB
        assertThat(t).isInstanceOfSatisfying(PymicException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.OUTPUT))
                .hasMessageContaining(file.toString()).hasMessageContaining("the previous version is kept unchanged")
                .hasMessageContaining("No space left on device");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (Stream<Path> s = Files.list(mnt)) {
            assertThat(s).containsExactly(file);
        }
        ImageFiles.write(noise(64, 3), file, "float32"); // 16 KiB: fits once the temporary file is gone
        assertThat(Files.size(file)).isGreaterThan(before.length);
    }

    @Test
    void aWriteToAReadOnlyFileSystemKeepsThePreviousFile() throws Exception {
        Path file = mnt.resolve("seg.nii");
        ImageFiles.write(noise(32, 1), file, "float32");
        byte[] before = Files.readAllBytes(file);
        Assumptions.assumeTrue(run("mount", "-o", "remount,ro", mnt.toString()), "cannot remount read-only");
        Throwable t = catchThrowable(() -> ImageFiles.write(noise(32, 2), file, "float32"));
        assertThat(t).isInstanceOfSatisfying(PymicException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.OUTPUT))
                .hasMessageContaining(file.toString()).hasMessageContaining("the previous version is kept unchanged");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (Stream<Path> s = Files.list(mnt)) {
            assertThat(s).containsExactly(file);
        }
    }
}
