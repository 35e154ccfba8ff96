package org.pymic.io.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.metrics.LabelGroup;
import org.pymic.io.image.ImageFiles;

/**
 * Two 1x6 cases with spacing x = 0.5; expected values worked out by hand:
 * <pre>
 * a: gt 1 1 2 2 0 0   seg 1 2 2 2 2 0
 *    label 1: dice 2/3, hd95 pooled {0, 0, .5} -> p=1.9 -> .45
 *    label 2: dice 4/6, hd95 pooled {0,0,0,0,.5,.5} -> p=4.75 -> .5
 *    1+2:     dice 8/9, hd95 pooled {0 x8, .5} -> p=7.6 -> .3
 * b: gt 0 0 2 2 0 0   seg 1 0 2 2 0 0
 *    label 1: dice 0, hd95 NaN (no ground truth)
 *    label 2: dice 1, hd95 0
 *    1+2:     dice 4/5, hd95 pooled {0,0,0,0,1} -> p=3.8 -> .8
 * </pre>
 */
class EvaluationTest {
    @TempDir
    Path tmp;
    Path gtDir;
    Path segDir;

    private static Volume row(float... v) {
        return new Volume(v, 1, 1, 1, v.length, new double[] {0.5, 1, 1}, null, null, null);
    }

    @BeforeEach
    void files() throws IOException {
        gtDir = Files.createDirectories(tmp.resolve("gt"));
        segDir = Files.createDirectories(tmp.resolve("seg"));
        ImageFiles.write(row(1, 1, 2, 2, 0, 0), gtDir.resolve("a.nii.gz"), "uint8");
        ImageFiles.write(row(1, 2, 2, 2, 2, 0), segDir.resolve("a.nii.gz"), "uint8");
        ImageFiles.write(row(0, 0, 2, 2, 0, 0), gtDir.resolve("b.nii.gz"), "uint8");
        ImageFiles.write(row(1, 0, 2, 2, 0, 0), segDir.resolve("b.nii.gz"), "uint8");
        Files.writeString(segDir.resolve("notes.txt"), "not an image");
    }

    private EvaluationOptions.Builder options() {
        return EvaluationOptions.builder().groundTruth(gtDir).segmentation(segDir)
                .labels(List.of(LabelGroup.of(1), LabelGroup.of(2), LabelGroup.of(1, 2))).metrics("dice", "hd95");
    }

    @Test
    void foldersMatchedByNameGiveHandComputedScores() {
        EvaluationResult r = Evaluation.withFiles().evaluate(options().build(), segDir);
        assertThat(r.cases()).extracting(c -> c.pair().name()).containsExactly("a.nii.gz", "b.nii.gz");
        assertThat(r.columns()).containsExactly("dice_1", "dice_2", "dice_1+2", "hd95_1", "hd95_2", "hd95_1+2");
        assertThat(r.row(r.cases().get(0))).containsExactly(
                new double[] {2.0 / 3, 4.0 / 6, 8.0 / 9, 0.45, 0.5, 0.3}, within(1e-9));
        double[] b = r.row(r.cases().get(1));
        assertThat(b[0]).isZero();
        assertThat(b[3]).isNaN();
        assertThat(new double[] {b[1], b[2], b[4], b[5]}).containsExactly(new double[] {1, 0.8, 0, 0.8}, within(1e-9));
        var hd = r.summary("hd95", LabelGroup.of(1));
        assertThat(hd.mean()).isCloseTo(0.45, within(1e-9));
        assertThat(hd.excluded()).isEqualTo(1);
    }

    @Test
    void writesCsvWithMeanStdAndJsonLinesWithNullForNaN() throws IOException {
        EvaluationOptions o = options().organName("heart").build();
        Evaluation.withFiles().run(o);
        Path csv = segDir.resolve("heart_eval.csv");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).isEqualTo("case,dice_1,dice_2,dice_1+2,hd95_1,hd95_2,hd95_1+2,segmentation,ground_truth");
        assertThat(lines.get(2)).startsWith("b.nii.gz,0.0,1.0,").contains(",nan,");
        // each case row ends with the absolute paths of the two files compared
        assertThat(lines.get(1)).endsWith("," + segDir.resolve("a.nii.gz").toAbsolutePath().normalize()
                + "," + gtDir.resolve("a.nii.gz").toAbsolutePath().normalize());
        String[] mean = lines.get(3).split(",");
        assertThat(mean[0]).isEqualTo("mean");
        assertThat(Double.parseDouble(mean[1])).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(Double.parseDouble(mean[4])).isCloseTo(0.45, within(1e-9));
        String[] std = lines.get(4).split(",");
        assertThat(Double.parseDouble(std[1])).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(Double.parseDouble(std[6])).isCloseTo(0.25, within(1e-9));
        assertThat(lines.get(5)).isEqualTo("excluded,0,0,0,1,0,0,,");
        try (var s = Files.list(segDir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }

        List<String> json = Files.readAllLines(segDir.resolve("heart_eval.jsonl"));
        assertThat(json).hasSize(6);
        ObjectMapper m = new ObjectMapper();
        JsonNode b1 = m.readTree(json.get(3));
        assertThat(b1.get("case").asText()).isEqualTo("b.nii.gz");
        assertThat(b1.get("label").asText()).isEqualTo("1");
        assertThat(b1.get("dice").asDouble()).isZero();
        assertThat(b1.get("hd95").isNull()).isTrue();
        assertThat(m.readTree(json.get(2)).get("label").asText()).isEqualTo("1+2");
    }

    @Test
    void shapeMismatchNamesBothFiles() {
        Map<String, Volume> vols = Map.of("gt", row(1, 0, 0), "seg", row(1, 0, 0, 0));
        Evaluation e = new Evaluation(p -> vols.get(p.getFileName().toString()));
        CasePair p = new CasePair("x", Path.of("gt"), Path.of("seg"));
        assertThatThrownBy(() -> e.evaluateCase(p, options().build()))
                .isInstanceOfSatisfying(PymicException.class, x -> assertThat(x.exitCode()).isEqualTo(ExitCode.DATA))
                .hasMessageContaining("ground truth gt").hasMessageContaining("segmentation seg")
                .hasMessageContaining("shape");
    }

    @Test
    void spacingMismatchIsADataError() {
        Volume g = new Volume(new float[8], 1, 2, 2, 2, new double[] {1, 1, 2}, null, null, null);
        Volume s = new Volume(new float[8], 1, 2, 2, 2, new double[] {1, 1, 2.5}, null, null, null);
        Evaluation e = new Evaluation(p -> p.toString().equals("g") ? g : s);
        assertThatThrownBy(() -> e.evaluateCase(new CasePair("x", Path.of("g"), Path.of("s")), options().build()))
                .isInstanceOfSatisfying(PymicException.class, x -> assertThat(x.exitCode()).isEqualTo(ExitCode.DATA))
                .hasMessageContaining("spacing");
    }

    @Test
    void theMapsInferenceWritesBesideALabelMapAreSkippedByFolder() throws IOException {
        for (String extra : List.of("a_prob_0", "a_prob_12", "a_predaux", "a_uncertainty", "b_seeds_expand")) {
            ImageFiles.write(row(0, 0, 0, 0, 0, 0), segDir.resolve(extra + ".nii.gz"), "uint8");
        }
        EvaluationResult r = Evaluation.withFiles().evaluate(options().build(), segDir);
        assertThat(r.cases()).extracting(c -> c.pair().name()).containsExactly("a.nii.gz", "b.nii.gz");
        // without its label map in the folder, the same kind of name is a case like any other
        ImageFiles.write(row(0, 0, 0, 0, 0, 0), segDir.resolve("c_predaux.nii.gz"), "uint8");
        assertThatThrownBy(() -> Evaluation.withFiles().evaluate(options().build(), segDir))
                .isInstanceOf(PymicException.class).hasMessageContaining("c_predaux.nii.gz")
                .hasMessageContaining("no ground truth");
        // and one with a ground truth of its own is evaluated
        Files.delete(segDir.resolve("c_predaux.nii.gz"));
        ImageFiles.write(row(1, 1, 2, 2, 0, 0), gtDir.resolve("a_predaux.nii.gz"), "uint8");
        r = Evaluation.withFiles().evaluate(options().build(), segDir);
        assertThat(r.cases()).extracting(c -> c.pair().name()).containsExactly("a.nii.gz", "a_predaux.nii.gz", "b.nii.gz");
    }

    @Test
    void missingGroundTruthIsNamed() throws IOException {
        ImageFiles.write(row(0, 0, 0, 0, 0, 0), segDir.resolve("c.nii.gz"), "uint8");
        assertThatThrownBy(() -> Evaluation.withFiles().evaluate(options().build(), segDir))
                .isInstanceOf(PymicException.class).hasMessageContaining("c.nii.gz")
                .hasMessageContaining("no ground truth");
    }

    @Test
    void pymicConfigWithPairsCsvAndGroups() throws IOException {
        Path pairs = tmp.resolve("pairs.csv");
        Files.writeString(pairs, "ground_truth,segmentation\nb.nii.gz,a.nii.gz\n");
        Path cfg = tmp.resolve("eval.cfg");
        Files.writeString(cfg, "[evaluation]\nmetric_list = [dice, rve]\nlabel_list = [2, [1,2]]\n"
                + "organ_name = heart\nground_truth_folder_root = " + gtDir + "\nsegmentation_folder_root = "
                + segDir + "\nevaluation_image_pair = " + pairs + "\noutput_name = " + tmp.resolve("out.csv") + "\n");
        EvaluationOptions o = EvaluationOptions.fromConfig(Config.load(cfg));
        List<EvaluationResult> r = Evaluation.withFiles().run(o);
        // gt b: label 2 at {2,3}; seg a: label 2 at {1,2,3,4}: dice 4/6, rve |4-2|/2 = 1
        // 1+2: gt {2,3}, seg {0..4}: dice 4/7, rve 3/2
        assertThat(r.get(0).row(r.get(0).cases().get(0)))
                .containsExactly(new double[] {4.0 / 6, 4.0 / 7, 1.0, 1.5}, within(1e-9));
        assertThat(Files.readAllLines(tmp.resolve("out.csv")).get(0)).isEqualTo("case,dice_2,dice_1+2,rve_2,rve_1+2,segmentation,ground_truth");
        assertThat(tmp.resolve("out.jsonl")).exists();
    }

    @Test
    void configErrorsNameTheKeyAndLine() throws IOException {
        Path cfg = tmp.resolve("bad.cfg");
        Files.writeString(cfg, "[evaluation]\nmetric_list = [dice, hd59]\nlabel_list = [1]\n"
                + "ground_truth_folder = " + gtDir + "\nsegmentation_folder = " + segDir + "\n");
        assertThatThrownBy(() -> EvaluationOptions.fromConfig(Config.load(cfg)))
                .isInstanceOfSatisfying(PymicException.class, x -> assertThat(x.exitCode()).isEqualTo(ExitCode.CONFIG))
                .hasMessageContaining("bad.cfg:2").hasMessageContaining("hd59").hasMessageContaining("hd95");
    }

    @Test
    void classNumberAndLabelFuse() throws IOException {
        Path cfg = tmp.resolve("fuse.cfg");
        Files.writeString(cfg, "[evaluation]\nmetric = dice\nclass_number = 3\nlabel_fuse = True\n"
                + "ground_truth_folder = " + gtDir + "\nsegmentation_folder = " + segDir + "\n");
        EvaluationOptions o = EvaluationOptions.fromConfig(Config.load(cfg));
        assertThat(o.labels()).containsExactly(LabelGroup.of(1, 2));
        assertThat(o.csvPath(segDir)).isEqualTo(segDir.resolve("eval.csv"));
    }
}
