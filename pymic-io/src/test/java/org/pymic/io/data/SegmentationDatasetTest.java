package org.pymic.io.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.io.image.ImageFiles;
import org.pymic.io.transform.TransformChain;

class SegmentationDatasetTest {
    @TempDir
    Path root;

    private void write(String name, float[] data, int d, int h, int w) {
        ImageFiles.write(Volume.of(data, 1, d, h, w), root.resolve(name), "float32");
    }

    private CaseList list(String text, int modal) throws IOException {
        Path csv = root.resolve("cases.csv");
        Files.writeString(csv, text);
        return CaseList.read(csv, root, modal);
    }

    @Test
    void stacksModalitiesAndReadsLabels() throws IOException {
        write("t1.nii.gz", new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        write("t2.nii.gz", new float[] {7, 8, 9, 10, 11, 12}, 1, 2, 3);
        write("lab.nii.gz", new float[] {0, 1, 2, 0, 1, 2}, 1, 2, 3);
        CaseList cases = list("t1,t2,label\nt1.nii.gz,t2.nii.gz,lab.nii.gz\n", 2);
        SegmentationDataset ds = new SegmentationDataset(cases, TransformChain.identity(), LabelMode.LABELLED);
        Sample s = ds.get(0, new SplittableRandom(1));
        assertThat(s.image().channels()).isEqualTo(2);
        assertThat(s.image().data()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(s.label().data()).containsExactly(0, 1, 2, 0, 1, 2);
        assertThat(s.pixelWeight()).isNull();

        SegmentationDataset unlab = new SegmentationDataset(cases, null, LabelMode.UNLABELLED);
        assertThat(unlab.read(0).label()).isNull();
    }

    @Test
    void withACacheTheFilesAreReadOnceAndLabelledAndUnlabelledCasesStayApart() throws IOException {
        write("img.nii.gz", new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        write("lab.nii.gz", new float[] {0, 1, 2, 0, 1, 2}, 1, 2, 3);
        CaseList cases = list("image,label\nimg.nii.gz,lab.nii.gz\n", 1);
        CaseCache cache = CaseCache.ofMegabytes(1);
        SegmentationDataset lab = new SegmentationDataset(cases, null, LabelMode.LABELLED, cache);
        SegmentationDataset unlab = new SegmentationDataset(cases, null, LabelMode.UNLABELLED, cache);
        Sample first = lab.get(0, new SplittableRandom(1));
        Files.delete(root.resolve("img.nii.gz")); // a second read of the file would fail
        first.image().data()[0] = 99; // changed by a transform downstream
        Sample again = lab.get(0, new SplittableRandom(1));
        assertThat(again.image().data()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(again.label().data()).containsExactly(0, 1, 2, 0, 1, 2);
        assertThat(again.extras()).containsEntry("row", 2);
        // the unlabelled view of the same list is its own entry, read from the files
        assertThatThrownBy(() -> unlab.get(0, new SplittableRandom(1))).isInstanceOf(PymicException.class);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void labelShapeMismatchNamesRowAndFiles() throws IOException {
        write("img.nii.gz", new float[6], 1, 2, 3);
        write("lab.nii.gz", new float[4], 1, 2, 2);
        SegmentationDataset ds = new SegmentationDataset(list("image,label\nimg.nii.gz,lab.nii.gz\n", 1),
                null, LabelMode.LABELLED);
        assertThatThrownBy(() -> ds.read(0))
                .isInstanceOf(PymicException.class)
                .hasMessageContaining("cases.csv:row 2")
                .hasMessageContaining("lab.nii.gz")
                .hasMessageContaining("1x2x3");
    }

    @Test
    void loaderNamesTheCaseThatFailed() throws IOException {
        write("ok.nii.gz", new float[6], 1, 2, 3);
        write("bad.nii.gz", new float[6], 1, 2, 3);
        CaseList cases = list("image\nok.nii.gz\nbad.nii.gz\n", 1);
        Files.writeString(root.resolve("bad.nii.gz"), "corrupt"); // broken after the list was checked
        SegmentationDataset ds = new SegmentationDataset(cases, null, LabelMode.UNLABELLED);
        try (BatchLoader loader = BatchLoader.builder(ds).batchSize(1).numWorkers(2).build()) {
            loader.next();
            assertThatThrownBy(loader::next)
                    .isInstanceOf(PymicException.class)
                    .hasMessageContaining("row 3")
                    .hasMessageContaining("bad.nii.gz");
        }
        assertThat(List.of(ds.size())).containsExactly(2);
    }

    private static ConfigSection dataset(String... overrides) {
        Config c = new Config("t.cfg");
        c.withOverride("dataset.task_type=seg");
        for (String o : overrides) {
            c.withOverride(o);
        }
        return c.section("dataset");
    }

    @Test
    void nonFiniteImageValuesAreRefusedWithTheFileAndTheCountOrReadAsZeroOnRequest() throws IOException {
        write("img.nii.gz", new float[] {1, Float.NaN, 3, Float.POSITIVE_INFINITY, 5, 6}, 1, 2, 3);
        CaseList cases = list("image\nimg.nii.gz\n", 1);
        SegmentationDataset refuse = new SegmentationDataset(cases, null, LabelMode.UNLABELLED);
        assertThatThrownBy(() -> refuse.read(0)).isInstanceOf(PymicException.class)
                .hasMessageContaining(root.resolve("cases.csv") + ":row 2")
                .hasMessageContaining(root.resolve("img.nii.gz").toString())
                .hasMessageContaining("2 non-finite value(s)").hasMessageContaining("nonfinite_policy = zero")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.INPUT));
        SegmentationDataset zero = new SegmentationDataset(cases, null, LabelMode.UNLABELLED, null,
                LoadRules.images(dataset("dataset.nonfinite_policy=zero")));
        assertThat(zero.read(0).image().data()).containsExactly(1, 0, 3, 0, 5, 6);
        assertThatThrownBy(() -> LoadRules.images(dataset("dataset.nonfinite_policy=drop")))
                .hasMessageContaining("nonfinite_policy expects refuse or zero, got 'drop'");
    }

    @Test
    void labelValuesOutsideTheClassesAreRefusedWithTheFileAndTheValues() throws IOException {
        write("img.nii.gz", new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        write("lab.nii.gz", new float[] {0, 1, 2, 4, 5, 1}, 1, 2, 3);
        write("scribble.nii.gz", new float[] {0, 1, 4, 4, 4, 2}, 1, 2, 3);
        CaseList dense = list("image,label\nimg.nii.gz,lab.nii.gz\n", 1);
        LoadRules rules = LoadRules.labelled(dataset(), 4, TransformChain.identity(), false);
        SegmentationDataset ds = new SegmentationDataset(dense, null, LabelMode.LABELLED, null, rules);
        assertThatThrownBy(() -> ds.read(0)).isInstanceOf(PymicException.class)
                .hasMessageContaining(root.resolve("cases.csv") + ":row 2")
                .hasMessageContaining(root.resolve("lab.nii.gz").toString())
                .hasMessageContaining("2 voxel(s) with value(s) [4, 5] outside 0..3 for [network] class_num = 4")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.DATA));
        // the same labels without a class count to check against, or unlabelled, pass
        assertThat(new SegmentationDataset(dense, null, LabelMode.UNLABELLED, null, rules).read(0).label()).isNull();

        // scribbles: class_num (4) is "not annotated", 5 is still refused
        CaseList scribbles = list("image,label\nimg.nii.gz,scribble.nii.gz\n", 1);
        LoadRules partial = LoadRules.labelled(dataset(), 4, TransformChain.identity(), true);
        assertThat(new SegmentationDataset(scribbles, null, LabelMode.LABELLED, null, partial).read(0).label().data())
                .containsExactly(0, 1, 4, 4, 4, 2);
        assertThatThrownBy(() -> new SegmentationDataset(dense, null, LabelMode.LABELLED, null, partial).read(0))
                .hasMessageContaining("value(s) [5] outside 0..3 and 4 (not annotated)");
        assertThatThrownBy(() -> new SegmentationDataset(scribbles, null, LabelMode.LABELLED, null, rules).read(0))
                .hasMessageContaining("3 voxel(s) with value(s) [4]");
    }
}
