package org.pymic.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.io.synth.SyntheticDataset;

/**
 * The page model of a scribble run made by hand (synthetic data, a checkpoint holding only its
 * metadata, segmentations that are copies of the ground truth): provenance, labels used, the files
 * of each case found through the config as run, overlays and the scribbles.
 */
class ReportBuilderTest {
    @TempDir
    Path dir;

    @Test
    void aScribbleRunShowsItsProvenanceOverlaysAndScribbles() throws Exception {
        Path data = dir.resolve("data");
        SyntheticDataset.write(data, SyntheticDataset.Options.defaults().cases(10).size(32).dim(2).seed(2));
        Path result = Files.createDirectories(dir.resolve("result"));
        List<String> test = Files.readAllLines(data.resolve("test.csv")).subList(1, 3);
        StringBuilder eval = new StringBuilder("case,dice_1,dice_2,dice_3\n");
        double dice = 0.5;
        for (String row : test) {
            String label = row.split(",")[1];
            String name = Path.of(label).getFileName().toString();
            Files.copy(data.resolve(label), result.resolve(name));
            eval.append(name).append(',').append(dice).append(",1.0,1.0\n");
            dice += 0.25;
        }
        Path evalCsv = Files.writeString(result.resolve("eval.csv"), eval.toString());

        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("wsl_metrics.csv"), """
                iteration,kind,train_loss,lr,valid_avg_fg_dice,valid_dice_0,valid_dice_1,valid_dice_2,valid_dice_3,data_ms,forward_ms,backward_ms,update_ms
                10,valid,0.5,0.01,0.6,0.9,0.5,0.6,0.7,1,10,20,3
                """);
        Files.writeString(model.resolve("wsl_best.txt"), "10");
        Files.writeString(model.resolve("wsl_latest.txt"), "10");
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("supervise_type", "weak_sup");
        dataset.put("train_dir", data.toString());
        dataset.put("train_csv", data.resolve("train_scribble.csv").toString());
        dataset.put("test_csv", data.resolve("test.csv").toString());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("dataset", dataset);
        config.put("network", Map.of("net_type", "UNet2D", "class_num", 4));
        config.put("testing", Map.of("output_dir", result.toString()));
        config.put("evaluation", Map.of("ground_truth_folder", data.resolve("labels").toString(),
                "segmentation_folder", result.toString(), "metric_list", List.of("dice"), "label_list", List.of(1, 2, 3)));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("iteration", 10);
        meta.put("method", "EntropyMinimization");
        meta.put("networks", List.of(Map.of("name", "net", "type", "UNet2D")));
        meta.put("seed", 7);
        meta.put("config", config);
        meta.put("case_lists_sha256", Map.of("train_csv", "abc123"));
        meta.put("pymic_version", "test");
        try (OutputStream out = Files.newOutputStream(model.resolve("wsl_10.ckpt"));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("meta.json"));
            zip.write(new ObjectMapper().writeValueAsBytes(meta));
            zip.closeEntry();
        }

        RunFolder run = RunFolder.open(model);
        assertThat(run.method()).isEqualTo("EntropyMinimization");
        assertThat(run.configText()).contains("[dataset]").contains("supervise_type = weak_sup").contains("label_list = [1, 2, 3]");
        int trainCases = Files.readAllLines(data.resolve("train_scribble.csv")).size() - 1;
        assertThat(run.caseListSizes()).containsEntry("train_csv", trainCases);
        assertThat(ReportBuilder.labelsUsed(run)).isEqualTo("weak_sup: " + trainCases + " with scribbles");

        ReportModel.Page page = new ReportBuilder().build(List.of(new ReportBuilder.RunInput(run, List.of(evalCsv))), "test");
        ReportModel.RunView v = page.runs().get(0);
        assertThat(v.provenance()).contains(new ReportModel.KeyValue("seed", "7"),
                new ReportModel.KeyValue("networks", "net (UNet2D)"));
        assertThat(v.caseLists()).containsExactly(new ReportModel.CaseListRow("train_csv", "abc123", Integer.toString(trainCases)));
        assertThat(v.checkpoints()).containsExactly(new ReportModel.CheckpointRow("wsl_10.ckpt", 10, "best, last",
                v.checkpoints().get(0).size()));
        ReportModel.EvalView e = v.evals().get(0);
        assertThat(e.overlayNote()).isNull();
        // two cases: worst and best, each drawn from image, ground truth and segmentation
        assertThat(e.overlays()).extracting(ReportModel.OverlayView::role).containsExactly("worst", "best");
        assertThat(e.overlays()).allSatisfy(o -> assertThat(o.uri()).startsWith("data:image/png;base64,"));
        assertThat(e.overlays().get(0).score()).isEqualTo("mean Dice " + ReportBuilder.fmt(2.5 / 3, 4));
        assertThat(e.summary().get(0).cells().get(0).text()).isEqualTo("0.6250");
        assertThat(v.scribbles()).hasSize(1);
        assertThat(v.scribbles().get(0).uri()).startsWith("data:image/png;base64,");
        assertThat(Report.render(page)).contains("Scribbles").contains("EntropyMinimization");
    }
}
