package org.pymic.io.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.io.image.ImageFiles;

class AnnotationSimulationTest {
    @TempDir
    Path tmp;

    private Path labels() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("labels"));
        CardiacPhantom p = CardiacPhantom.builder().size(48, 48).slices(3).build();
        for (int i = 0; i < 4; i++) {
            Volume l = p.generate(1, i).label();
            Volume placed = new Volume(l.data(), 1, 3, 48, 48, new double[] {0.8, 0.9, 3.0},
                    new double[] {10, -20, 5}, null, null);
            ImageFiles.write(placed, dir.resolve("p" + i + ".nii.gz"), "uint8");
        }
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        return dir;
    }

    @Test
    void scribblesForEveryFileKeepGeometry() throws IOException {
        Path in = labels();
        Path out = tmp.resolve("scr");
        AnnotationSimulation.Result r = AnnotationSimulation.simulate(AnnotationSimulation.Kind.parse("scribbles"),
                in, out, AnnotationSimulation.Options.defaults());
        assertThat(r.files()).isEqualTo(4);
        assertThat(r.outputs()).hasSize(4);
        for (int i = 0; i < 4; i++) {
            Volume truth = ImageFiles.read(in.resolve("p" + i + ".nii.gz"));
            Volume s = ImageFiles.read(out.resolve("p" + i + ".nii.gz"));
            assertThat(s.spacing()).containsExactly(truth.spacing());
            assertThat(s.origin()).containsExactly(truth.origin());
            for (int j = 0; j < s.voxels(); j++) {
                assertThat(s.data()[j]).isIn(4f, truth.data()[j]);
            }
        }
    }

    @Test
    void noiseChangesTheChosenFractionOnly() throws IOException {
        Path in = labels();
        Path out = tmp.resolve("noisy");
        AnnotationSimulation.Options o = AnnotationSimulation.Options.defaults().seed(4)
                .noise(NoisyLabelSimulator.builder().fraction(0.5).build());
        AnnotationSimulation.Result r = AnnotationSimulation.simulate(AnnotationSimulation.Kind.NOISE, in, out, o);
        assertThat(r.changed()).isEqualTo(2);
        int differ = 0;
        for (int i = 0; i < 4; i++) {
            Volume truth = ImageFiles.read(in.resolve("p" + i + ".nii.gz"));
            Volume n = ImageFiles.read(out.resolve("p" + i + ".nii.gz"));
            assertThat(n.spacing()).containsExactly(truth.spacing());
            differ += java.util.Arrays.equals(truth.data(), n.data()) ? 0 : 1;
        }
        assertThat(differ).isEqualTo(2);
    }

    @Test
    void missingFolderAndUnknownKindAreReported() {
        assertThatThrownBy(() -> AnnotationSimulation.simulate(AnnotationSimulation.Kind.NOISE, tmp.resolve("none"),
                tmp.resolve("o"), AnnotationSimulation.Options.defaults()))
                .isInstanceOf(PymicException.class).hasMessageContaining("none");
        assertThatThrownBy(() -> AnnotationSimulation.Kind.parse("blur"))
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }
}
