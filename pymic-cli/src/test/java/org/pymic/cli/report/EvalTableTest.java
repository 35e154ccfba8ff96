package org.pymic.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.metrics.Summary;

/** The per-case table of an eval CSV, with mean and std computed again from the case rows. */
class EvalTableTest {
    @TempDir
    Path dir;

    // the summary rows are deliberately wrong: the table must not read them
    private static final String CSV = """
            case,dice_1,dice_2,hd95_1,hd95_2
            a.nii.gz,0.9,0.5,2.0,nan
            b.nii.gz,0.7,0.7,4.0,8.0
            "c,1.nii.gz",0.5,nan,6.0,4.0
            d.nii.gz,0.3,0.1,8.0,6.0
            mean,9,9,9,9
            std,9,9,9,9
            excluded,0,0,0,0
            """;

    private EvalTable read() throws Exception {
        Path f = dir.resolve("eval.csv");
        Files.writeString(f, CSV);
        return EvalTable.read(f);
    }

    @Test
    void casesAndColumnsAreReadWithoutTheSummaryRows() throws Exception {
        EvalTable t = read();
        assertThat(t.cases()).containsExactly("a.nii.gz", "b.nii.gz", "c,1.nii.gz", "d.nii.gz");
        assertThat(t.metrics()).containsExactly("dice", "hd95");
        assertThat(t.labels()).containsExactly("1", "2");
        assertThat(t.columns().get(3)).isEqualTo(new EvalTable.Column("hd95_2", "hd95", "2"));
        assertThat(t.value(2, 1)).isNaN();
    }

    @Test
    void meanAndStdMatchHandComputedValues() throws Exception {
        EvalTable t = read();
        // dice_1: mean (0.9 + 0.7 + 0.5 + 0.3) / 4 = 0.6; deviations 0.3, 0.1, -0.1, -0.3:
        // population variance (0.09 + 0.01 + 0.01 + 0.09) / 4 = 0.05
        Summary d1 = t.summary(t.indexOf("dice_1"));
        assertThat(d1.mean()).isCloseTo(0.6, within(1e-12));
        assertThat(d1.std()).isCloseTo(Math.sqrt(0.05), within(1e-12));
        // dice_2: c is nan and left out: mean (0.5 + 0.7 + 0.1) / 3 = 1.3 / 3;
        // deviations 0.0667, 0.2667, -0.3333: variance (0.004444 + 0.071111 + 0.111111) / 3 = 0.062222
        Summary d2 = t.summary(t.indexOf("dice_2"));
        assertThat(d2.mean()).isCloseTo(1.3 / 3, within(1e-12));
        assertThat(d2.std()).isCloseTo(Math.sqrt(0.56 / 9), within(1e-12));
        assertThat(d2.excluded()).isEqualTo(1);
        // hd95_2: (8 + 4 + 6) / 3 = 6, variance (4 + 4 + 0) / 3
        Summary h2 = t.summary(t.indexOf("hd95_2"));
        assertThat(h2.mean()).isCloseTo(6.0, within(1e-12));
        assertThat(h2.std()).isCloseTo(Math.sqrt(8.0 / 3), within(1e-12));
    }

    @Test
    void worstMedianAndBestAreByMeanDice() throws Exception {
        EvalTable t = read();
        // mean Dice per case: a 0.7, b 0.7, c 0.5 (label 2 undefined), d 0.2
        assertThat(t.meanDicePerCase()).containsExactly(new double[] {0.7, 0.7, 0.5, 0.2}, within(1e-12));
        // sorted: d 0.2, c 0.5, a 0.7, b 0.7 (ties by name): median index (4 - 1) / 2 = 1 -> c
        assertThat(t.worstMedianBest()).containsExactly(3, 2, 1);
    }

    @Test
    void theRecordedFilesAreNotMetricsAndRelativeOnesAreTakenFromTheTablesFolder() throws Exception {
        Path f = dir.resolve("eval.csv");
        Files.writeString(f, """
                case,dice_1,hd95_1,segmentation,ground_truth
                a.nii.gz,0.9,2.0,/data/seg/a.nii.gz,/data/gt/a.nii.gz
                b.nii.gz,0.7,4.0,seg/b.nii.gz,
                mean,0.8,3.0,,
                """);
        EvalTable t = EvalTable.read(f);
        assertThat(t.columns()).extracting(EvalTable.Column::header).containsExactly("dice_1", "hd95_1");
        assertThat(t.metrics()).containsExactly("dice", "hd95");
        assertThat(t.value(1, 1)).isEqualTo(4.0);
        assertThat(t.segmentation(0)).isEqualTo(Path.of("/data/seg/a.nii.gz"));
        assertThat(t.groundTruth(0)).isEqualTo(Path.of("/data/gt/a.nii.gz"));
        assertThat(t.segmentation(1)).isEqualTo(dir.toAbsolutePath().resolve("seg/b.nii.gz"));
        assertThat(t.groundTruth(1)).isNull();
        // a table without the two columns (written before they were recorded) records nothing
        assertThat(read().segmentation(0)).isNull();
        assertThat(read().groundTruth(3)).isNull();
    }
}
