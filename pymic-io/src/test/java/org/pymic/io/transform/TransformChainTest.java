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
    void unknownTransformSuggestsTheNearestName() {
        assertThatThrownBy(() -> TransformChain.fromConfig(dataset(), List.of("RandomFlipp")))
                .isInstanceOf(PymicException.class)
                .hasMessageContaining("RandomFlip")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
    }
}
