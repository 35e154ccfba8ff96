package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.cli.report.Report;
import org.pymic.io.image.DiskFull;

/**
 * The HTML report written on a disk that fills up midway: the previous page stays byte for byte, no
 * temporary file is left, and {@code pymic report} fails with exit code 7 naming the page and saying the
 * previous version is kept.
 */
class ReportWriteFaultTest {
    @TempDir
    Path dir;

    @Test
    void aReportWrittenOnAFullDiskKeepsThePreviousPage() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("m_metrics.csv"), """
                iteration,kind,train_loss,lr,valid_avg_fg_dice,valid_dice_0,valid_dice_1,data_ms,forward_ms,backward_ms,update_ms
                5,train,0.9,0.01,,,,1,10,20,3
                10,valid,0.8,0.01,0.5,0.9,0.5,1,10,20,3
                """);
        Path out = dir.resolve("r.html");
        Report.write(List.of(run), List.of(), List.of(), out, "1.0");
        byte[] before = Files.readAllBytes(out);
        Path scratch = dir.resolve("scratch.html");
        Report.write(List.of(run), List.of(), List.of(), scratch, "2.0");
        long size = Files.size(scratch);
        assertThat(Files.readAllBytes(scratch)).isNotEqualTo(before);
        for (long after : new long[] {0, 1, size / 2, size - 1}) {
            Throwable t = DiskFull.during(after, () -> Report.write(List.of(run), List.of(), List.of(), out, "2.0"));
            assertThat(t).as("disk full after %d of %d bytes", after, size)
                    .isInstanceOfSatisfying(PymicException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.OUTPUT))
                    .hasMessageContaining(out.toString()).hasMessageContaining("the previous version is kept unchanged");
            assertThat(Files.readAllBytes(out)).isEqualTo(before);
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("run", "r.html", "scratch.html");
            }
        }
        // the command: one line on stderr with the output exit code, the page unchanged
        Throwable none = DiskFull.during(0, () -> {
            CliRun r = CliRun.of("report", run.toString(), "--out", out.toString());
            assertThat(r.exitCode()).isEqualTo(ExitCode.OUTPUT.code());
            assertThat(r.err()).contains(out.toString()).contains("the previous version is kept unchanged")
                    .contains("No space left on device");
        });
        assertThat(none).isNull();
        assertThat(Files.readAllBytes(out)).isEqualTo(before);
    }
}
