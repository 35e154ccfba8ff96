package org.pymic.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/** A run folder made by hand: found one level down, its log's sessions timed, evaluations paired. */
class RunFolderTest {
    @TempDir
    Path dir;

    private Path run(String name) throws Exception {
        Path model = Files.createDirectories(dir.resolve(name).resolve("model"));
        Files.writeString(model.resolve("unet_metrics.csv"), """
                iteration,kind,train_loss,lr,valid_avg_fg_dice,valid_dice_0,valid_dice_1
                10,valid,0.5,0.01,0.6,0.9,0.6
                """);
        Files.writeString(model.resolve("unet_train.log"), """
                2026-01-01 10:00:00 training FullySupervised with [net] from iteration 0 to 100, seed 1, on cpu
                2026-01-01 10:00:30 it 10 lr 0.01 train loss 0.5
                2026-01-01 10:02:00 pymic: interrupted at iteration 40
                2026-01-02 09:00:00 training FullySupervised with [net] from iteration 40 to 100, seed 1, on cpu
                2026-01-02 09:01:15 best iteration 100
                """);
        return dir.resolve(name);
    }

    @Test
    void theRunIsFoundOneLevelDownAndNamedWithItsParent() throws Exception {
        RunFolder r = RunFolder.open(run("demo"));
        assertThat(r.prefix()).isEqualTo("unet");
        assertThat(r.name()).isEqualTo("demo/model");
        assertThat(r.curves().lastIteration()).isEqualTo(10);
        // no checkpoint: no metadata, no config
        assertThat(r.meta()).isEmpty();
        assertThat(r.config()).isNull();
        assertThat(r.checkpoints()).isEmpty();
    }

    @Test
    void trainingTimeAddsTheSessionsOfTheLog() throws Exception {
        // 10:00:00 to 10:02:00, then 09:00:00 to 09:01:15 the next day: 2 min + 1 min 15 s
        assertThat(RunFolder.open(run("a")).trainingTime()).isEqualTo(Duration.ofSeconds(195));
        assertThat(ReportBuilder.duration(Duration.ofSeconds(195))).isEqualTo("3m 15s");
    }

    @Test
    void evaluationsArePairedByPositionOrAllWithTheOnlyRun() throws Exception {
        RunFolder a = RunFolder.open(run("a"));
        RunFolder b = RunFolder.open(run("b"));
        Path e1 = Files.writeString(dir.resolve("e1.csv"), "case,dice_1\nx,0.5\n");
        Path e2 = Files.writeString(dir.resolve("e2.csv"), "case,dice_1\nx,0.6\n");
        List<ReportBuilder.RunInput> two = Report.pair(List.of(a, b), List.of(e1, e2), List.of());
        assertThat(two.get(0).evals()).containsExactly(e1);
        assertThat(two.get(1).evals()).containsExactly(e2);
        assertThat(Report.pair(List.of(a), List.of(e1, e2), List.of()).get(0).evals()).containsExactly(e1, e2);
        // three runs and two tables, and no config to tell where each belongs
        RunFolder c = RunFolder.open(run("c"));
        assertThatThrownBy(() -> Report.pair(List.of(a, b, c), List.of(e1, e2), List.of())).isInstanceOf(PymicException.class)
                .hasMessageContaining("e1.csv").hasMessageContaining("one --eval per run");
    }

    @Test
    void segFoldersGoOnePerRunAndTellWhichRunATableBelongsTo() throws Exception {
        RunFolder a = RunFolder.open(run("a"));
        RunFolder b = RunFolder.open(run("b"));
        RunFolder c = RunFolder.open(run("c"));
        Path sa = Files.createDirectories(dir.resolve("seg-a"));
        Path sb = Files.createDirectories(dir.resolve("seg-b"));
        Path sc = Files.createDirectories(dir.resolve("seg-c"));
        // e1 lies elsewhere but recorded files in seg-c; e2 (no recorded files) lies in seg-b
        Path e1 = Files.writeString(dir.resolve("e1.csv"), "case,dice_1,segmentation,ground_truth\nx,0.5,"
                + sc.resolve("x").toAbsolutePath() + ",\n");
        Path e2 = Files.writeString(sb.resolve("e2.csv"), "case,dice_1\nx,0.6\n");
        List<ReportBuilder.RunInput> three = Report.pair(List.of(a, b, c), List.of(e1, e2), List.of(sa, sb, sc));
        assertThat(three).extracting(ReportBuilder.RunInput::segFolder).containsExactly(sa, sb, sc);
        assertThat(three.get(0).evals()).isEmpty();
        assertThat(three.get(1).evals()).containsExactly(e2);
        assertThat(three.get(2).evals()).containsExactly(e1);
        // without --seg the runs' configs (none here) cannot place e2
        assertThatThrownBy(() -> Report.pair(List.of(a, b, c), List.of(e1, e2), List.of()))
                .isInstanceOf(PymicException.class).hasMessageContaining("one --eval per run");
        assertThatThrownBy(() -> Report.pair(List.of(a, b), List.of(e1, e2), List.of(sa)))
                .isInstanceOfSatisfying(PymicException.class, x -> assertThat(x.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("1 --seg folder for 2 runs").hasMessageContaining("one --seg per run");
        assertThatThrownBy(() -> Report.pair(List.of(a), List.of(e1), List.of(dir.resolve("nope"))))
                .isInstanceOfSatisfying(PymicException.class, x -> assertThat(x.exitCode()).isEqualTo(ExitCode.INPUT))
                .hasMessageContaining("nope");
    }

    @Test
    void aFolderWithoutARunIsAnInputError() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> RunFolder.open(empty)).isInstanceOf(PymicException.class)
                .hasMessageContaining("_metrics.csv");
    }
}
