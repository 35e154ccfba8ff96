package org.pymic.io.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.image.Volume;
import org.pymic.core.metrics.LabelGroup;
import org.pymic.io.eval.Evaluation;
import org.pymic.io.eval.EvaluationOptions;
import org.pymic.io.eval.EvaluationResult;
import org.pymic.io.eval.EvaluationWriter;

/**
 * Every writer of pymic-io on a disk that fills up midway (a fault under {@link AtomicFiles}): the
 * previous file stays byte for byte, no temporary file is left, the error names the file and says the
 * previous version is kept; once the disk has room the same write succeeds.
 */
class WriteFaultTest {
    @TempDir
    Path dir;

    private static Volume volume(long seed, int d, int h, int w, boolean labels) {
        Random r = new Random(seed);
        float[] v = new float[d * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = labels ? r.nextInt(4) : (float) r.nextGaussian();
        }
        return new Volume(v, 1, d, h, w, new double[] {0.8, 0.8, 2.5}, null, null, null);
    }

    /** Writes the new version into a scratch folder first (its size, and that it differs), then checks. */
    private void check(String name, String dtype, int d, boolean labels, String... companions) throws IOException {
        Path target = dir.resolve("out").resolve(name);
        ImageFiles.write(volume(1, d, 24, 20, labels), target, dtype);
        Path scratch = dir.resolve("scratch").resolve(name);
        Volume next = volume(2, d, 24, 20, labels);
        ImageFiles.write(next, scratch, dtype);
        Path[] files = new Path[1 + companions.length];
        files[0] = target;
        for (int i = 0; i < companions.length; i++) {
            files[i + 1] = target.resolveSibling(companions[i]);
            assertThat(files[i + 1]).exists();
        }
        // a MetaImage header is written after its raw data: the disk fills up during the raw data
        long size = WriteFaults.size(companions.length > 0 ? scratch.resolveSibling(companions[0]) : scratch);
        Path named = companions.length > 0 ? files[1] : target;
        assertThat(WriteFaults.differ(named, named.equals(target) ? scratch : scratch.resolveSibling(companions[0]))).isTrue();
        WriteFaults.check(() -> ImageFiles.write(next, target, dtype), size, named, files);

        ImageFiles.write(next, target, dtype);
        assertThat(target).hasSameBinaryContentAs(scratch);
        for (String c : companions) {
            assertThat(target.resolveSibling(c)).hasSameBinaryContentAs(scratch.resolveSibling(c));
        }
    }

    @Test
    void nifti() throws IOException {
        check("case.nii", "float32", 3, false);
    }

    @Test
    void niftiGz() throws IOException {
        check("case.nii.gz", "float32", 3, false);
    }

    @Test
    void metaImageWithLocalData() throws IOException {
        check("case.mha", "float32", 3, false);
    }

    /** The header and its raw file are moved into place only when both are written: the old pair stays a pair. */
    @Test
    void metaImageHeaderAndRawFile() throws IOException {
        check("case.mhd", "float32", 3, false, "case.raw");
    }

    @Test
    void png() throws IOException {
        check("label.png", "uint8", 1, true);
    }

    @Test
    void bmp() throws IOException {
        check("label.bmp", "uint8", 1, true);
    }

    @Test
    void evaluationCsvAndJsonLines() throws IOException {
        Path gt = dir.resolve("gt");
        Path seg = dir.resolve("seg");
        ImageFiles.write(volume(1, 1, 8, 8, true), gt.resolve("a.nii.gz"), "uint8");
        ImageFiles.write(volume(2, 1, 8, 8, true), seg.resolve("a.nii.gz"), "uint8");
        EvaluationOptions.Builder o = EvaluationOptions.builder().groundTruth(gt).segmentation(seg)
                .labels(List.of(LabelGroup.of(1), LabelGroup.of(2))).metrics("dice");
        EvaluationResult one = Evaluation.withFiles().evaluate(o.build(), seg);
        EvaluationResult two = Evaluation.withFiles().evaluate(o.metrics("dice", "assd").build(), seg);
        Path csv = dir.resolve("eval.csv");
        Path jsonl = dir.resolve("eval.jsonl");
        EvaluationWriter.writeCsv(one, csv);
        EvaluationWriter.writeJsonLines(one, jsonl);
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        EvaluationWriter.writeCsv(two, scratch.resolve("eval.csv"));
        EvaluationWriter.writeJsonLines(two, scratch.resolve("eval.jsonl"));
        assertThat(WriteFaults.differ(csv, scratch.resolve("eval.csv"))).isTrue();

        WriteFaults.check(() -> EvaluationWriter.writeCsv(two, csv), WriteFaults.size(scratch.resolve("eval.csv")), csv, csv);
        WriteFaults.check(() -> EvaluationWriter.writeJsonLines(two, jsonl), WriteFaults.size(scratch.resolve("eval.jsonl")),
                jsonl, jsonl);
        EvaluationWriter.writeCsv(two, csv);
        assertThat(csv).hasSameBinaryContentAs(scratch.resolve("eval.csv"));
    }

    /** A write into a new name that fails leaves nothing under that name, and says no file was written. */
    @Test
    void aFailedFirstWriteLeavesNoFile() {
        Path target = dir.resolve("new.nii.gz");
        AtomicFiles.failAfterBytes = 10;
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageFiles.write(volume(1, 2, 8, 8, false), target, "float32"))
                    .hasMessageContaining(target.toString()).hasMessageContaining("no file was written");
        } finally {
            AtomicFiles.failAfterBytes = -1;
        }
        assertThat(dir).isEmptyDirectory();
    }
}
