package org.pymic.io.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pymic.core.config.ConfigEntry;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.config.ConfigValues;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.io.data.Sample;

class TransformChainTest {

    private static ConfigSection dataset(String... keyValues) {
        ConfigSection s = new ConfigSection("dataset", "train.cfg", 1);
        for (int i = 0; i < keyValues.length; i += 2) {
            s.put(new ConfigEntry(keyValues[i].toLowerCase(), ConfigValues.parse(keyValues[i + 1]), keyValues[i + 1],
                    "train.cfg", i / 2 + 2));
        }
        return s;
    }

    @Test
    void buildsTransformsFromPrefixedDatasetKeys() {
        ConfigSection ds = dataset("RandomCrop_output_size", "[4, 4]", "RandomRescale_lower_bound", "0.5",
                "RandomRescale_upper_bound", "0.5", "RandomRescale_probability", "1.0");
        TransformChain chain = TransformChain.fromConfig(ds, List.of("RandomCrop", "LabelToProbability",
                "RandomRescale"), 2);
        assertThat(chain.transforms()).extracting(Transform::name)
                .containsExactly("RandomCrop", "LabelToProbability", "RandomRescale");
        Sample s = chain.apply(new Sample("c", Volume.of(new float[64], 1, 1, 8, 8),
                Volume.of(new float[64], 1, 1, 8, 8), null), new java.util.SplittableRandom(1));
        assertThat(s.image().height()).isEqualTo(2);
        assertThat(s.label().channels()).isEqualTo(2);
        assertThat(chain.transforms().get(0).appliesToInference()).isTrue();
        assertThat(chain.transforms().get(1).appliesToInference()).isFalse();
    }

    @Test
    void missingRequiredParameterNamesTheKeyAndFile() {
        assertThatThrownBy(() -> TransformChain.fromConfig(dataset(), List.of("RandomCrop")))
                .isInstanceOf(PymicException.class)
                .hasMessageContaining("train.cfg")
                .hasMessageContaining("output_size")
                .hasMessageContaining("RandomCrop_<param>");
    }

    @Test
    void invalidParameterValueNamesTheKeyAndFile() {
        assertThatThrownBy(() -> TransformChain.fromConfig(dataset("RandomColorJitter_probability", "2"),
                List.of("RandomColorJitter")))
                .isInstanceOf(PymicException.class)
                .hasMessageContaining("train.cfg")
                .hasMessageContaining("RandomColorJitter_probability");
    }

    @Test
    void unknownTransformSuggestsTheNearestName() {
        assertThatThrownBy(() -> TransformChain.fromConfig(dataset(), List.of("RandomFlipp")))
                .isInstanceOf(PymicException.class)
                .hasMessageContaining("RandomFlip")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
    }

    @Test
    void patchSizeIsTheDefaultOutputSizeOfPadAndRandomCrop() {
        // PyMIC_examples seg_full_sup/3d_prostate: patch_size = [D, H, W] and no Pad/RandomCrop_output_size
        ConfigSection ds = dataset("patch_size", "[4, 6, 6]", "Pad_ceil_mode", "False");
        TransformChain chain = TransformChain.fromConfig(ds, List.of("Pad", "RandomCrop"), 2);
        Sample s = chain.apply(new Sample("c", Volume.of(new float[2 * 3 * 8], 1, 2, 3, 8),
                Volume.of(new float[2 * 3 * 8], 1, 2, 3, 8), null), new java.util.SplittableRandom(1));
        // padded to 4 x 6 x 8 (max of input and patch size), then cropped to 4 x 6 x 6
        assertThat(s.image().shape()).containsExactly(1, 4, 6, 6);
        // an explicit <Transform>_output_size wins over patch_size
        ConfigSection both = dataset("patch_size", "[4, 6, 6]", "RandomCrop_output_size", "[2, 2, 2]");
        Sample t = TransformChain.fromConfig(both, List.of("RandomCrop"), 2).apply(new Sample("c",
                Volume.of(new float[64], 1, 4, 4, 4), Volume.of(new float[64], 1, 4, 4, 4), null),
                new java.util.SplittableRandom(1));
        assertThat(t.image().shape()).containsExactly(1, 2, 2, 2);
    }
}
