package org.pymic.io.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.io.image.ImageFiles;

class SyntheticDatasetTest {
    @TempDir
    Path tmp;

    private static SyntheticDataset.Options small(long seed) {
        return SyntheticDataset.Options.defaults().cases(16).size(48).seed(seed);
    }

    @Test
    void writesPymicListsAndFilesThatRoundTripWithGeometry() throws IOException {
        Path out = tmp.resolve("data");
        SyntheticSummary s = SyntheticDataset.write(out, small(3));
        assertThat(s.train()).isEqualTo(11);
        assertThat(s.valid()).isEqualTo(2);
        assertThat(s.test()).isEqualTo(3);
        assertThat(s.labelled()).isEqualTo(1);
        assertThat(s.noisy()).isEqualTo(6);
        assertThat(s.scribbleFraction()).isBetween(0.005, 0.10);
        assertThat(lines(out, "train.csv")).hasSize(12).first().isEqualTo("image,label");
        assertThat(lines(out, "valid.csv")).containsExactly("image,label",
                "images/case_011.nii.gz,labels/case_011.nii.gz", "images/case_012.nii.gz,labels/case_012.nii.gz");
        assertThat(lines(out, "test.csv")).hasSize(4);
        assertThat(lines(out, "train_r10_lab.csv")).containsExactly("image,label",
                "images/case_000.nii.gz,labels/case_000.nii.gz");
        assertThat(lines(out, "train_r10_unlab.csv")).hasSize(11);
        assertThat(lines(out, "train_scribble.csv").get(1)).isEqualTo("images/case_000.nii.gz,scribbles/case_000.nii.gz");
        assertThat(lines(out, "train_noisy.csv").get(7)).isEqualTo("images/case_006.nii.gz,noisy/case_006.nii.gz");

        PhantomCase expected = CardiacPhantom.builder().size(48, 48).build().generate(3, 4);
        Volume image = ImageFiles.read(out.resolve("images/case_004.nii.gz"));
        Volume label = ImageFiles.read(out.resolve("labels/case_004.nii.gz"));
        assertThat(image.shape()).containsExactly(1, 1, 48, 48);
        assertThat(image.spacing()).containsExactly(1.5, 1.5, 5.0);
        assertThat(image.data()).containsExactly(expected.image().data());
        assertThat(label.data()).containsExactly(expected.label().data());

        int changed = 0;
        for (int i = 0; i < 11; i++) {
            String f = String.format("case_%03d.nii.gz", i);
            Volume truth = ImageFiles.read(out.resolve("labels/" + f));
            Volume noisy = ImageFiles.read(out.resolve("noisy/" + f));
            Volume scribble = ImageFiles.read(out.resolve("scribbles/" + f));
            assertThat(scribble.spacing()).containsExactly(1.5, 1.5, 5.0);
            assertThat(scribble.data()).contains(0f, 1f, 2f, 3f, 4f);
            if (!java.util.Arrays.equals(truth.data(), noisy.data())) {
                changed++;
                for (int k = 1; k <= 3; k++) {
                    assertThat(LabelMaps.dice(truth.data(), noisy.data(), k)).isBetween(0.6, 0.999);
                }
            }
        }
        assertThat(changed).isEqualTo(6);
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherImages() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        SyntheticDataset.write(a, small(5).cases(4));
        SyntheticDataset.write(b, small(5).cases(4));
        SyntheticDataset.write(c, small(6).cases(4));
        for (String f : new String[] {"images/case_001.nii.gz", "labels/case_002.nii.gz", "scribbles/case_000.nii.gz",
            "noisy/case_001.nii.gz", "noisy/case_002.nii.gz", "train.csv", "test.csv"}) {
            assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
        }
        assertThat(Files.readAllBytes(c.resolve("images/case_001.nii.gz")))
                .isNotEqualTo(Files.readAllBytes(a.resolve("images/case_001.nii.gz")));
    }

    @Test
    void threeDimensionalCasesAreStacks() {
        Path out = tmp.resolve("d3");
        SyntheticDataset.write(out, SyntheticDataset.Options.defaults().cases(3).size(32).dim(3).slices(4));
        Volume v = ImageFiles.read(out.resolve("images/case_000.nii.gz"));
        assertThat(v.shape()).containsExactly(1, 4, 32, 32);
        assertThat(v.spacing()).containsExactly(1.5, 1.5, 5.0);
    }

    @Test
    void badOptionsAreConfigErrors() {
        assertThatThrownBy(() -> SyntheticDataset.Options.defaults().dim(4))
                .isInstanceOf(PymicException.class)
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.CONFIG))
                .hasMessageContaining("dim");
    }

    private static List<String> lines(Path dir, String name) throws IOException {
        return Files.readAllLines(dir.resolve(name));
    }
}
