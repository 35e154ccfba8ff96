package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.image.Volume;
import org.pymic.io.image.ImageFiles;

/** The commands that need no training: exit codes, stdout/stderr split, outputs. */
class CommandsTest {
    @TempDir
    Path dir;

    private Path labelFile(String name, int w, int h, int x0, int x1) {
        float[] d = new float[w * h];
        for (int y = 2; y < h - 2; y++) {
            for (int x = x0; x < x1; x++) {
                d[y * w + x] = 1;
            }
        }
        Volume v = new Volume(d, 1, 1, h, w, new double[] {0.5, 2.0, 1.0}, null, null, null);
        Path p = dir.resolve(name);
        ImageFiles.write(v, p, "uint8");
        return p;
    }

    @Test
    void infoJsonHasTheDocumentedKeysAndValues() throws Exception {
        Path f = labelFile("a.nii.gz", 8, 6, 2, 6);
        CliRun r = CliRun.of("info", "--json", f.toString());
        assertThat(r.exitCode()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("shape").toString()).isEqualTo("[8,6]");
        assertThat(j.get("dtype").asText()).isEqualTo("uint8");
        assertThat(j.get("spacing").get(0).asDouble()).isEqualTo(0.5);
        assertThat(j.get("spacing").get(1).asDouble()).isEqualTo(2.0);
        // 2 rows x 4 columns of ones out of 48 voxels
        assertThat(j.get("mean").asDouble()).isCloseTo(8.0 / 48, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(j.get("max").asDouble()).isEqualTo(1.0);
        assertThat(j.has("affine")).isTrue();
    }

    @Test
    void missingFileIsOneLineWithInputExitCode() {
        CliRun r = CliRun.of("info", dir.resolve("nope.nii.gz").toString());
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("nope.nii.gz").doesNotContain("at org.");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void evalWritesCsvAndPrintsJsonLines() throws Exception {
        Path gtDir = Files.createDirectories(dir.resolve("gt"));
        Path segDir = Files.createDirectories(dir.resolve("seg"));
        Files.move(labelFile("c1.nii.gz", 10, 8, 2, 6), gtDir.resolve("c1.nii.gz"));
        // segmentation: columns 2..7 instead of 2..5: |A|=4*4=16, |B|=4*6=24, overlap 16 -> Dice 32/40
        Files.move(labelFile("c1s.nii.gz", 10, 8, 2, 8), segDir.resolve("c1.nii.gz"));
        Path csv = dir.resolve("out.csv");
        CliRun r = CliRun.of("eval", "--metric", "dice,iou", "--label", "1", "--gt", gtDir.toString(),
                "--seg", segDir.toString(), "--out", csv.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out().lines().findFirst().orElseThrow());
        assertThat(j.get("case").asText()).isEqualTo("c1.nii.gz");
        assertThat(j.get("label").asText()).isEqualTo("1");
        assertThat(j.get("dice").asDouble()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(j.get("iou").asDouble()).isCloseTo(16.0 / 24, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(j.get("segmentation").asText()).isEqualTo(segDir.resolve("c1.nii.gz").toAbsolutePath().toString());
        assertThat(j.get("ground_truth").asText()).isEqualTo(gtDir.resolve("c1.nii.gz").toAbsolutePath().toString());
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("case,dice_1,iou_1,segmentation,ground_truth");
        assertThat(lines).anyMatch(l -> l.startsWith("mean,0.8"));
    }

    @Test
    void evalShapeMismatchIsADataErrorAndWritesNothing() throws Exception {
        Path gtDir = Files.createDirectories(dir.resolve("gt"));
        Path segDir = Files.createDirectories(dir.resolve("seg"));
        Files.move(labelFile("c1.nii.gz", 10, 8, 2, 6), gtDir.resolve("c1.nii.gz"));
        Files.move(labelFile("c1s.nii.gz", 12, 8, 2, 6), segDir.resolve("c1.nii.gz"));
        Path csv = dir.resolve("out.csv");
        CliRun r = CliRun.of("eval", "--gt", gtDir.toString(), "--seg", segDir.toString(), "--out", csv.toString());
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.err()).contains("c1.nii.gz").doesNotContain("Exception");
        assertThat(csv).doesNotExist();
    }

    @Test
    void checkReportsTypoWithLineAndSuggestion() throws Exception {
        Path cfg = dir.resolve("bad.cfg");
        Files.writeString(cfg, String.join("\n", "[dataset]", "task_type = seg", "supervise_type = fully_sup",
                "train_dir = .", "train_csv = train.csv", "", "[network]", "net_type = UNet2d_typo", "class_num = 2",
                "in_chns = 1", "", "[training]", "iter_max = 10", "ckpt_dir = m", ""));
        CliRun r = CliRun.of("check", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("bad.cfg:8").contains("net_type").contains("UNet2D");
    }

    @Test
    void checkSetOverrideFixesTheConfig() throws Exception {
        Path cfg = dir.resolve("c.cfg");
        Files.writeString(cfg, String.join("\n", "[dataset]", "task_type = seg", "supervise_type = fully_sup",
                "train_dir = .", "train_csv = train.csv", "", "[network]", "net_type = UNet2d_typo", "class_num = 2",
                "in_chns = 1", "", "[training]", "iter_max = 10", "ckpt_dir = m", ""));
        // the run plan reads the case list (relative to train_dir = the working folder here): without it
        // check fails as train would, naming the key
        CliRun missing = CliRun.of("check", cfg.toString(), "--set", "network.net_type=UNet2D");
        assertThat(missing.exitCode()).isEqualTo(4);
        assertThat(missing.err()).contains("train_csv").contains("file not found");
        Files.writeString(dir.resolve("train.csv"), "image,label\na.nii.gz,a_seg.nii.gz\n");
        // check reads the first cases as training would: they must be images
        ImageFiles.write(Volume.of(new float[16 * 16], 1, 1, 16, 16), dir.resolve("a.nii.gz"), "float32");
        ImageFiles.write(Volume.of(new float[16 * 16], 1, 1, 16, 16), dir.resolve("a_seg.nii.gz"), "uint8");
        CliRun r = CliRun.of("check", cfg.toString(), "--set", "network.net_type=UNet2D",
                "--set", "dataset.train_csv=" + dir.resolve("train.csv"), "--set", "dataset.train_dir=" + dir,
                "--set", "training.loss_type=DiceLoss");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("valid").contains("run plan:").contains("stream      labelled:")
                .contains("method      FullySupervised");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun r = CliRun.of("info", "--jsn", "x.nii");
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void synthWritesTheCaseLists() {
        CliRun r = CliRun.of("synth", "--out", dir.resolve("s").toString(), "--cases", "10", "--size", "48");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(dir.resolve("s/train.csv")).exists();
        assertThat(dir.resolve("s/train_scribble.csv")).exists();
        assertThat(dir.resolve("s/train_r10_lab.csv")).exists();
    }

    @Test
    void simulateNoiseWithThePresetWritesTheThreeListsAndPrintsTheDice() throws Exception {
        CliRun synth = CliRun.of("synth", "--out", dir.resolve("s").toString(), "--cases", "10", "--size", "48");
        assertThat(synth.exitCode()).as(synth.err()).isZero();
        CliRun r = CliRun.of("simulate", "noise", "--preset", "acdc", "--list", dir.resolve("s/train.csv").toString(),
                "--out", dir.resolve("s/label_noise").toString(), "--fraction", "0.95", "--seed", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("noise model acdc", "of 7 cases corrupted", "mean Dice of noisy vs clean labels");
        assertThat(r.out().lines().filter(l -> l.contains("; mean Dice"))).hasSize(7);
        java.util.List<String> noise = java.nio.file.Files.readAllLines(dir.resolve("s/train_noise.csv"));
        assertThat(noise).hasSize(8);
        assertThat(noise.get(1)).contains("label_noise/");
        assertThat(dir.resolve("s/train_clean.csv")).exists();
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("s/train_mix.csv"))).hasSize(8);
        CliRun bad = CliRun.of("simulate", "noise", "--list", dir.resolve("s/train.csv").toString(), "--out",
                dir.resolve("x").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--preset");
    }
}
