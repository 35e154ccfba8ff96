package org.pymic.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.PymicException;

/** Curves read from a metrics file written by hand in the trainer's layout. */
class TrainingCurvesTest {
    @TempDir
    Path dir;

    private static final String METRICS = """
            iteration,kind,train_dice,train_ce,lr,valid_avg_fg_dice,valid_dice_0,valid_dice_1,valid_dice_2,data_ms,forward_ms,backward_ms,update_ms
            5,train,0.9,1.5,0.01,,,,,1.0,10.0,20.0,3.0
            10,train,0.8,1.2,0.01,,,,,3.0,12.0,22.0,5.0
            10,valid,0.85,1.35,0.01,0.40,0.95,0.30,0.50,2.0,11.0,21.0,4.0
            15,train,nan,1.0,0.005,,,,,2.0,14.0,24.0,4.0
            20,train,0.6,0.9,0.005,,,,,2.0,16.0,26.0,4.0
            20,valid,0.65,0.95,0.005,0.60,0.97,0.55,0.65,2.0,15.0,25.0,4.0
            """;

    private TrainingCurves read(String text) throws Exception {
        Path f = dir.resolve("m_metrics.csv");
        Files.writeString(f, text);
        return TrainingCurves.read(f);
    }

    @Test
    void lossTermsAndClassColumnsComeFromTheHeader() throws Exception {
        TrainingCurves c = read(METRICS);
        assertThat(c.lossTerms()).containsExactly("dice", "ce");
        assertThat(c.classDiceColumns()).containsExactly("valid_dice_0", "valid_dice_1", "valid_dice_2");
        assertThat(c.rows()).isEqualTo(6);
        assertThat(c.lastIteration()).isEqualTo(20);
    }

    @Test
    void methodWeightsAndRatiosAreNotLossTerms() throws Exception {
        TrainingCurves c = read("""
                iteration,kind,lr,train_loss,train_loss_sup,train_regular_w,train_ema_decay,train_certain_ratio,valid_avg_fg_dice
                10,train,0.001,0.5,0.4,0.01,0.9,0.3,nan
                """);
        assertThat(c.lossTerms()).containsExactly("loss", "loss_sup");
        assertThat(c.methodScalars()).containsExactly("regular_w", "ema_decay", "certain_ratio");
    }

    @Test
    void trainingCurvesUseTheTrainRowsAndLeaveOutNan() throws Exception {
        TrainingCurves c = read(METRICS);
        TrainingCurves.Curve dice = c.trainingCurve("train_dice");
        // iteration 15 has nan: left out; validation rows are not training points
        assertThat(dice.iterations()).containsExactly(5, 10, 20);
        assertThat(dice.values()).containsExactly(0.9, 0.8, 0.6);
        TrainingCurves.Curve lr = c.trainingCurve("lr");
        assertThat(lr.iterations()).containsExactly(5, 10, 15, 20);
        assertThat(lr.values()).containsExactly(0.01, 0.01, 0.005, 0.005);
    }

    @Test
    void validationCurvesUseTheValidRows() throws Exception {
        TrainingCurves c = read(METRICS);
        TrainingCurves.Curve mean = c.curve("valid_avg_fg_dice", "valid");
        assertThat(mean.iterations()).containsExactly(10, 20);
        assertThat(mean.values()).containsExactly(0.40, 0.60);
        assertThat(c.curve("valid_dice_2", "valid").values()).containsExactly(0.50, 0.65);
        assertThat(c.curve("no_such_column", "valid").size()).isZero();
    }

    @Test
    void meanTimingIsOverTheTrainRows() throws Exception {
        TrainingCurves c = read(METRICS);
        assertThat(c.hasTiming()).isTrue();
        // data: (1 + 3 + 2 + 2) / 4; forward: (10 + 12 + 14 + 16) / 4
        assertThat(c.meanTiming()).containsEntry("data_ms", 2.0).containsEntry("forward_ms", 13.0)
                .containsEntry("backward_ms", 23.0).containsEntry("update_ms", 4.0);
    }

    @Test
    void aFileWithoutKindIsValidationRowsOnly() throws Exception {
        TrainingCurves c = read("""
                iteration,train_loss,lr,valid_avg_fg_dice,valid_dice_0,valid_dice_1
                100,0.5,0.001,0.7,0.9,0.7
                200,0.4,0.001,0.8,0.95,0.8
                """);
        assertThat(c.trainingCurve("train_loss").iterations()).containsExactly(100, 200);
        assertThat(c.curve("valid_avg_fg_dice", "valid").values()).containsExactly(0.7, 0.8);
        assertThat(c.hasTiming()).isFalse();
    }

    @Test
    void aFileOfAnotherKindIsRefusedByName() throws Exception {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, "case,dice_1\na,0.5\n");
        assertThatThrownBy(() -> TrainingCurves.read(f)).isInstanceOf(PymicException.class)
                .hasMessageContaining("x.csv").hasMessageContaining("iteration");
    }
}
