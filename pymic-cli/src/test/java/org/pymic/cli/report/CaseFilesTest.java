package org.pymic.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;
import org.pymic.io.eval.Evaluation;
import org.pymic.io.eval.EvaluationOptions;
import org.pymic.io.synth.SyntheticDataset;

/**
 * Finding a case's files when the segmentations were not written where the config as run says
 * (inference with {@code --set testing.output_dir=...}): through the files {@code pymic eval}
 * recorded in its CSV, or the folder given with {@code pymic report --seg}; an older CSV without
 * recorded files and no {@code --seg} gets a note that says what to do.
 */
class CaseFilesTest {
    @TempDir
    Path dir;

    private Path data;
    private Path segs;
    private Config config;
    private List<String> names;

    @BeforeEach
    void segmentationsOutsideTheConfiguredOutputFolder() throws Exception {
        data = dir.resolve("data");
        SyntheticDataset.write(data, SyntheticDataset.Options.defaults().cases(10).size(32).dim(2).seed(4));
        // the segmentations: copies of the test labels, in a folder the config does not name
        segs = Files.createDirectories(dir.resolve("elsewhere"));
        names = Files.readAllLines(data.resolve("test.csv")).subList(1, 3).stream()
                .map(r -> Path.of(r.split(",")[1]).getFileName().toString()).toList();
        for (String n : names) {
            Files.copy(data.resolve("labels").resolve(n), segs.resolve(n));
        }
        Path ini = Files.writeString(dir.resolve("run.cfg"), """
                [dataset]
                train_dir = %1$s
                test_csv = %1$s/test.csv

                [testing]
                output_dir = %2$s/result

                [evaluation]
                ground_truth_folder = %1$s/labels
                segmentation_folder = %2$s/result
                """.formatted(data, dir));
        config = Config.load(ini);
        Files.createDirectories(dir.resolve("evals"));
    }

    private Path evaluate(Path groundTruth, String csvName) {
        Path csv = dir.resolve("evals").resolve(csvName);
        Evaluation.withFiles().run(EvaluationOptions.builder().groundTruth(groundTruth).segmentation(segs)
                .metrics("dice").labels(1, 2, 3).outputName(csv).build());
        return csv;
    }

    /** The same table without the two path columns, as pymic eval wrote it before it recorded them. */
    private Path withoutRecordedFiles(Path csv) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(csv)) {
            List<String> cells = Csv.split(line);
            sb.append(String.join(",", cells.subList(0, cells.size() - 2))).append('\n');
        }
        return Files.writeString(dir.resolve("evals").resolve("old.csv"), sb.toString());
    }

    @Test
    void theFilesRecordedByEvalAreFoundWhereverTheyWereWritten() throws Exception {
        // the ground truth the table recorded wins over the config's folder: evaluate against a copy
        Path gtCopy = Files.createDirectories(dir.resolve("gt-copy"));
        for (String n : names) {
            Files.copy(data.resolve("labels").resolve(n), gtCopy.resolve(n));
        }
        EvalTable t = EvalTable.read(evaluate(gtCopy, "new.csv"));
        assertThat(t.cases()).containsExactlyElementsOf(names.stream().sorted().toList());
        assertThat(t.metrics()).containsExactly("dice");
        assertThat(t.segmentation(0)).isEqualTo(segs.resolve(t.cases().get(0)).toAbsolutePath().normalize());
        CaseFiles.Found f = new CaseFiles(config, t, null).find(t.cases().get(0));
        assertThat(f.complete()).as(f.note()).isTrue();
        assertThat(f.segmentation()).isEqualTo(segs.resolve(t.cases().get(0)).toAbsolutePath().normalize());
        assertThat(f.groundTruth()).isEqualTo(gtCopy.resolve(t.cases().get(0)).toAbsolutePath().normalize());
        assertThat(f.image()).isEqualTo(data.resolve("images").resolve(t.cases().get(0)));
    }

    @Test
    void anOlderTableWithoutRecordedFilesNeedsTheSegFolder() throws Exception {
        EvalTable old = EvalTable.read(withoutRecordedFiles(evaluate(data.resolve("labels"), "new.csv")));
        String name = old.cases().get(1);
        assertThat(old.segmentation(1)).isNull();
        assertThat(old.groundTruth(1)).isNull();

        CaseFiles.Found lost = new CaseFiles(config, old, null).find(name);
        assertThat(lost.segmentation()).isNull();
        assertThat(lost.note()).contains("segmentation of " + name + " not found")
                .contains(dir.resolve("result").toString()).contains("pymic report --seg");

        CaseFiles.Found found = new CaseFiles(config, old, segs).find(name);
        assertThat(found.complete()).as(found.note()).isTrue();
        assertThat(found.segmentation()).isEqualTo(segs.resolve(name));
        assertThat(found.groundTruth()).isEqualTo(data.resolve("labels").resolve(name));
    }

    @Test
    void aRecordedFileThatMovedIsLookedForBesideTheTableAndNamedInTheNote() throws Exception {
        Path csv = evaluate(data.resolve("labels"), "new.csv");
        EvalTable t = EvalTable.read(csv);
        String name = t.cases().get(0);
        Path moved = Files.createDirectories(dir.resolve("moved"));
        Files.move(segs.resolve(name), moved.resolve(name));
        CaseFiles.Found lost = new CaseFiles(config, t, null).find(name);
        assertThat(lost.segmentation()).isNull();
        assertThat(lost.note()).contains("at " + segs.resolve(name).toAbsolutePath().normalize()
                + " as the eval CSV recorded").doesNotContain("--seg");
        Files.copy(moved.resolve(name), csv.resolveSibling(name));
        assertThat(new CaseFiles(config, t, null).find(name).segmentation()).isEqualTo(csv.resolveSibling(name));
    }
}
