package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.image.Volume;
import org.pymic.io.image.ImageFiles;
import org.pymic.io.synth.SyntheticDataset;

/**
 * {@code pymic check} finds what {@code train} and {@code infer} would refuse, with the same exit code, and
 * train and infer refuse it before they start: missing files with their CSV and row, output folders that
 * cannot be written (7), validation that early stopping or a plateau schedule needs, label values outside
 * the classes, non-finite image values, and headers other than PyMIC's.
 */
class CheckBeforeRunTest {
    @TempDir
    static Path data;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeData() {
        SyntheticDataset.write(data, SyntheticDataset.Options.defaults().cases(10).size(32).dim(2).seed(5));
    }

    /** A config on the synthetic data; each argument holds the lines of its section beyond the common ones. */
    private Path config(String dataset, String network, String training, String testing) throws IOException {
        String ini = String.join("\n",
                "[dataset]",
                "task_type = seg",
                "train_dir = " + data,
                "train_batch_size = 2",
                "num_worker = 1",
                dataset,
                "",
                "[network]",
                "net_type = UNet2D",
                "in_chns = 1",
                "feature_chns = [4, 8, 16, 32, 64]",
                "dropout = [0, 0, 0, 0, 0]",
                network.contains("class_num") ? network : "class_num = 4\n" + network,
                "",
                "[training]",
                "loss_type = DiceLoss",
                "learning_rate = 1e-3",
                "iter_max = 2",
                "iter_valid = 2",
                training.contains("ckpt_dir") ? training : "ckpt_dir = " + dir.resolve("model") + "\n" + training,
                "",
                "[testing]",
                "ckpt_mode = 0",
                testing.contains("output_dir") ? testing : "output_dir = " + dir.resolve("out") + "\n" + testing,
                "");
        Path cfg = dir.resolve("run.cfg");
        Files.writeString(cfg, ini);
        return cfg;
    }

    /** The [dataset] keys of a fully supervised run on {@code train} (test list: the synthetic one). */
    private static String lists(Path train, String more) {
        return String.join("\n", "supervise_type = fully_sup", "train_csv = " + train,
                "test_csv = " + data.resolve("test.csv"), "train_transform = [NormalizeWithMeanStd, LabelToProbability]",
                more);
    }

    private static String lists(String more) {
        return lists(data.resolve("train.csv"), more);
    }

    private Path list(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void theSyntheticConfigChecks() throws IOException {
        CliRun r = CliRun.of("check", config(lists("valid_csv = " + data.resolve("valid.csv")), "", "", "").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("valid").contains("run plan:");
    }

    @Test
    void everyMissingImageIsNamedWithCsvAndRowByCheckAndTrain() throws IOException {
        Path csv = list("train.csv", "image,label\nimages/case_000.nii.gz,labels/case_000.nii.gz\n"
                + "images/gone_1.nii.gz,labels/case_001.nii.gz\nimages/case_002.nii.gz,labels/gone_2.nii.gz\n");
        Path cfg = config(lists(csv, ""), "", "", "");
        CliRun check = CliRun.of("check", cfg.toString());
        assertThat(check.exitCode()).as(check.err()).isEqualTo(4);
        assertThat(check.err()).contains(csv + ":row 3: error: [dataset] train_csv: image file 'images/gone_1.nii.gz'")
                .contains(csv + ":row 4: error: [dataset] train_csv: label file 'labels/gone_2.nii.gz'");
        CliRun train = CliRun.of("train", cfg.toString());
        assertThat(train.exitCode()).isEqualTo(4);
        assertThat(train.err()).contains(csv + ":row 3").contains(csv + ":row 4");
        assertThat(dir.resolve("model")).doesNotExist();
    }

    @Test
    void anUnwritableCheckpointFolderIsExitSevenForCheckAndForTrainBeforeItStarts() throws IOException {
        Path file = list("not-a-folder", "x");
        Path cfg = config(lists("valid_csv = " + data.resolve("valid.csv")), "", "ckpt_dir = " + file.resolve("model"), "");
        CliRun check = CliRun.of("check", cfg.toString());
        assertThat(check.exitCode()).as(check.err()).isEqualTo(7);
        assertThat(check.err()).contains("run.cfg:").contains("[training] ckpt_dir: " + file.resolve("model"))
                .contains(file + " is not a folder");
        CliRun train = CliRun.of("train", cfg.toString());
        assertThat(train.exitCode()).as(train.err()).isEqualTo(7);
        assertThat(train.out()).doesNotContain("trained to iteration");
    }

    @Test
    void anUnwritableOutputFolderAndAMissingTestImageAreFoundByCheckAndInfer() throws IOException {
        Path file = list("not-a-folder", "x");
        Path test = list("test.csv", "image,label\nimages/case_009.nii.gz,\nimages/none.nii.gz,\n");
        Path cfg = config(lists("valid_csv = " + data.resolve("valid.csv")).replace(data.resolve("test.csv").toString(),
                test.toString()), "", "", "output_dir = " + file.resolve("out"));
        CliRun check = CliRun.of("check", cfg.toString());
        assertThat(check.exitCode()).isEqualTo(4);
        assertThat(check.err()).contains("[testing] output_dir: " + file.resolve("out"))
                .contains(test + ":row 3: error: [dataset] test_csv: image file 'images/none.nii.gz'");
        CliRun infer = CliRun.of("infer", cfg.toString());
        assertThat(infer.exitCode()).isEqualTo(4);
        assertThat(infer.err()).contains("output_dir").contains(test + ":row 3");
    }

    @Test
    void threeViewTtaOnTwoDimensionalImagesIsRefusedAtItsKeyBeforeTraining() throws IOException {
        Path cfg = config(lists("valid_csv = " + data.resolve("valid.csv")), "", "", "tta_mode = 2");
        CliRun check = CliRun.of("check", cfg.toString());
        assertThat(check.exitCode()).as(check.err()).isEqualTo(3);
        assertThat(check.err()).contains("run.cfg:").contains("[testing] tta_mode: tta_mode = 2 averages the axial")
                .contains(data.resolve("valid.csv") + ":row 2").contains("(valid_csv) is 2D (32x32)")
                .contains("use tta_mode = 0 or 1");
        CliRun train = CliRun.of("train", cfg.toString());
        assertThat(train.exitCode()).as(train.err()).isEqualTo(3);
        assertThat(dir.resolve("model")).doesNotExist();
        // without a validation list the test list is what the inferer reads
        CliRun noValid = CliRun.of("check", config(lists(""), "", "", "tta_mode = 2").toString());
        assertThat(noValid.exitCode()).isEqualTo(3);
        assertThat(noValid.err()).contains("(test_csv) is 2D");
        assertThat(CliRun.of("check", config(lists(""), "", "", "tta_mode = 1").toString()).exitCode()).isZero();
    }

    @Test
    void aMissingInitialCheckpointIsFoundByCheck() throws IOException {
        Path cfg = config(lists("valid_csv = " + data.resolve("valid.csv")), "", "ckpt_init_name = nowhere.pt", "");
        CliRun check = CliRun.of("check", cfg.toString());
        assertThat(check.exitCode()).isEqualTo(4);
        assertThat(check.err()).contains("[training] ckpt_init_name:").contains("nowhere");
    }

    @Test
    void earlyStoppingAndPlateauSchedulesNeedAValidationList() throws IOException {
        CliRun early = CliRun.of("check", config(lists(""), "", "early_stop_patience = 100", "").toString());
        assertThat(early.exitCode()).isEqualTo(3);
        assertThat(early.err()).contains("run.cfg:").contains("early_stop_patience = 100 acts on the validation Dice")
                .contains("valid_csv is not set");
        CliRun plateau = CliRun.of("check", config(lists(""), "", "lr_scheduler = ReduceLROnPlateau\nlr_gamma = 0.5\n"
                + "ReduceLROnPlateau_patience = 100", "").toString());
        assertThat(plateau.exitCode()).isEqualTo(3);
        assertThat(plateau.err()).contains("lr_scheduler = ReduceLROnPlateau acts on the validation Dice");
        CliRun train = CliRun.of("train", config(lists(""), "", "early_stop_patience = 100", "").toString());
        assertThat(train.exitCode()).isEqualTo(3);
        assertThat(dir.resolve("model")).doesNotExist();
    }

    @Test
    void labelValuesAtOrAboveClassNumAreRefusedWithTheFile() throws IOException {
        // the synthetic labels hold 0..3: with class_num = 3, label 3 would train as no class
        Path cfg = config(lists("valid_csv = " + data.resolve("valid.csv")), "class_num = 3", "", "");
        CliRun check = CliRun.of("check", cfg.toString());
        assertThat(check.exitCode()).as(check.err()).isEqualTo(5);
        assertThat(check.err()).contains(data.resolve("train.csv") + ":row 2: error: [dataset] train_csv: label "
                + data.resolve("labels/case_000.nii.gz")).contains("value(s) [3] outside 0..2")
                .contains("class_num = 3");
        CliRun train = CliRun.of("train", cfg.toString());
        assertThat(train.exitCode()).isEqualTo(5);
    }

    @Test
    void scribbleListsMayHoldClassNumAsNotAnnotated() throws IOException {
        String weak = String.join("\n", "supervise_type = weak_sup", "train_csv = " + data.resolve("train_scribble.csv"),
                "valid_csv = " + data.resolve("valid.csv"),
                "train_transform = [NormalizeWithMeanStd, PartialLabelToProbability]",
                "valid_transform = [NormalizeWithMeanStd, LabelToProbability]");
        Path cfg = config(weak, "", "", "\n[weakly_supervised_learning]\nmethod_name = EntropyMinimization");
        CliRun check = CliRun.of("check", cfg.toString());
        assertThat(check.exitCode()).as(check.err()).isZero();
        // the same scribbles as dense labels: 4 is outside the classes
        Path dense = config(lists(data.resolve("train_scribble.csv"), ""), "", "", "");
        CliRun refused = CliRun.of("check", dense.toString());
        assertThat(refused.exitCode()).isEqualTo(5);
        assertThat(refused.err()).contains("scribbles/case_000.nii.gz").contains("value(s) [4] outside 0..3");
    }

    @Test
    void nonFiniteImagesAreRefusedByCheckTrainAndInferUnlessTheConfigSaysZero() throws IOException {
        Volume img = ImageFiles.read(data.resolve("images/case_000.nii.gz"));
        float[] v = img.data().clone();
        v[3] = Float.NaN;
        v[7] = Float.POSITIVE_INFINITY;
        Path nan = dir.resolve("nan.nii.gz");
        ImageFiles.write(img.withData(v, 1), nan, "float32");
        Path csv = list("nan.csv", "image,label\n" + nan + "," + data.resolve("labels/case_000.nii.gz") + "\n"
                + "images/case_001.nii.gz,labels/case_001.nii.gz\n");
        Path cfg = config(lists(csv, "").replace(data.resolve("test.csv").toString(), csv.toString()), "", "", "");
        CliRun check = CliRun.of("check", cfg.toString());
        assertThat(check.exitCode()).as(check.err()).isEqualTo(4);
        assertThat(check.err()).contains(csv + ":row 2: error: [dataset] train_csv: image " + nan + " has 2 non-finite")
                .contains(csv + ":row 2: error: [dataset] test_csv: image " + nan);
        assertThat(CliRun.of("train", cfg.toString()).exitCode()).isEqualTo(4);
        CliRun infer = CliRun.of("infer", cfg.toString());
        assertThat(infer.exitCode()).isEqualTo(4);
        assertThat(infer.err()).contains(nan + " has 2 non-finite value(s)");
        assertThat(dir.resolve("out")).doesNotExist();
        CliRun zero = CliRun.of("check", cfg.toString(), "--set", "dataset.nonfinite_policy=zero");
        assertThat(zero.exitCode()).as(zero.err()).isZero();
        CliRun bad = CliRun.of("check", cfg.toString(), "--set", "dataset.nonfinite_policy=skip");
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.err()).contains("nonfinite_policy expects refuse or zero, got 'skip'");
    }

    @Test
    void aHeaderOtherThanPymicsIsAWarningWithFileAndHeader() throws IOException {
        Path csv = list("odd.csv", "img,seg\nimages/case_000.nii.gz,labels/case_000.nii.gz\n");
        Path cfg = config(lists(csv, "valid_csv = " + data.resolve("valid.csv")), "", "", "");
        CliRun check = CliRun.of("check", cfg.toString());
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.err()).contains(csv + ":row 1: warning: [dataset] train_csv: header 'img,seg'")
                .contains("PyMIC finds the label by the name 'label'");
        assertThat(check.out()).contains("valid (1 warning)");
    }

    @Test
    void aMisspelledLearningRateIsAWarningAndItsDefaultApplies() throws IOException {
        Path cfg = config(lists("valid_csv = " + data.resolve("valid.csv")), "", "", "");
        Files.writeString(cfg, Files.readString(cfg).replace("learning_rate = 1e-3", "learnig_rate = 1e-2"));
        CliRun check = CliRun.of("check", cfg.toString());
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.err()).contains("[training] learnig_rate: unknown key, ignored (did you mean learning_rate?"
                + " learning_rate is not set, so its default 0.001 applies)");
    }
}
