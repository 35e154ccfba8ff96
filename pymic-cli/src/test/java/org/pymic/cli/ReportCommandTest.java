package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pymic report} without training: exit codes, and a run that left no checkpoint. */
class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void aMissingRunFolderIsOneLineWithTheInputExitCode() {
        CliRun r = CliRun.of("report", dir.resolve("nope").toString(), "--out", dir.resolve("r.html").toString());
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("nope");
        assertThat(dir.resolve("r.html")).doesNotExist();
    }

    @Test
    void aRunWithoutCheckpointGetsItsCurvesAndANote() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("m_metrics.csv"), """
                iteration,kind,train_loss,lr,valid_avg_fg_dice,valid_dice_0,valid_dice_1,data_ms,forward_ms,backward_ms,update_ms
                5,train,0.9,0.01,,,,1,10,20,3
                10,valid,0.8,0.01,0.5,0.9,0.5,1,10,20,3
                """);
        Path eval = Files.writeString(dir.resolve("eval.csv"), "case,dice_1\na.nii.gz,0.5\nb.nii.gz,0.7\nmean,0.6\n");
        Path out = dir.resolve("r.html");
        CliRun r = CliRun.of("report", run.toString(), "--eval", eval.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 run, 1 evaluation table");
        String html = Files.readString(out);
        assertThat(html).contains("No checkpoint in").contains("Training loss").contains("Validation Dice")
                .contains("a.nii.gz").contains("0.6000");
        // no config as run, so the overlays say what they miss instead of showing a picture
        assertThat(html).contains("Some overlays could not be drawn").doesNotContain("data:image/png");
    }

    @Test
    void anEvalCsvThatIsMissingIsAnInputError() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("m_metrics.csv"), "iteration,kind,train_loss\n1,train,0.5\n");
        CliRun r = CliRun.of("report", run.toString(), "--eval", dir.resolve("none.csv").toString(),
                "--out", dir.resolve("r.html").toString());
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("none.csv");
    }

    @Test
    void segFoldersMustBeOnePerRun() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("m_metrics.csv"), "iteration,kind,train_loss\n1,train,0.5\n");
        Path seg = Files.createDirectories(dir.resolve("seg"));
        CliRun two = CliRun.of("report", run.toString(), "--seg", seg.toString(), "--seg", seg.toString(),
                "--out", dir.resolve("r.html").toString());
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err().strip().lines()).hasSize(1);
        assertThat(two.err()).contains("2 --seg folders for 1 run");
        CliRun missing = CliRun.of("report", run.toString(), "--seg", dir.resolve("none").toString(),
                "--out", dir.resolve("r.html").toString());
        assertThat(missing.exitCode()).isEqualTo(4);
        assertThat(missing.err()).contains("none").contains("--seg");
        assertThat(dir.resolve("r.html")).doesNotExist();
    }
}
