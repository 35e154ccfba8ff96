package org.pymic.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

    @Test
    void typesValuesAsPymicParseConfigDoes() {
        assertThat(ConfigValues.parse("42")).isEqualTo(42);
        assertThat(ConfigValues.parse("-3")).isEqualTo(-3);
        assertThat(ConfigValues.parse("12345678901")).isEqualTo(12345678901L);
        assertThat(ConfigValues.parse("0.5")).isEqualTo(0.5);
        assertThat(ConfigValues.parse("1e-3")).isEqualTo(0.001);
        assertThat(ConfigValues.parse("1e3")).isEqualTo(1000.0).isInstanceOf(Double.class);
        assertThat(ConfigValues.parse(".5")).isEqualTo(0.5);
        assertThat(ConfigValues.parse("True")).isEqualTo(true);
        assertThat(ConfigValues.parse("false")).isEqualTo(false);
        assertThat(ConfigValues.parse("None")).isNull();
        assertThat(ConfigValues.parse("NONE")).isNull();
        assertThat(ConfigValues.parse("UNet2D")).isEqualTo("UNet2D");
        assertThat(ConfigValues.parse("../../PyMIC_data/JSRT")).isEqualTo("../../PyMIC_data/JSRT");
        assertThat(ConfigValues.parse("model/unet_v1.2")).isEqualTo("model/unet_v1.2");
    }

    @Test
    void emptyValueIsNoneAsPymicDropsIt() {
        assertThat(ConfigValues.parse("")).isNull();
        assertThat(ConfigValues.parse("   ")).isNull();
    }

    @Test
    void listsAreTypedItemByItem() {
        assertThat(ConfigValues.parse("[16, 32, 64]")).isEqualTo(List.of(16, 32, 64));
        assertThat(ConfigValues.parse("[0.0, 0.5]")).isEqualTo(List.of(0.0, 0.5));
        assertThat(ConfigValues.parse("[Pad, RandomCrop , LabelToProbability]"))
                .isEqualTo(List.of("Pad", "RandomCrop", "LabelToProbability"));
        assertThat(ConfigValues.parse("[None, 1, True, 1e-2]")).isEqualTo(Arrays.asList(null, 1, true, 0.01));
        assertThat(ConfigValues.parse("[0,  0,  0.3]")).isEqualTo(List.of(0, 0, 0.3));
        assertThat(ConfigValues.parse("[]")).isEqualTo(List.of());
        assertThat(ConfigValues.parse("[[1, 2], [3]]")).isEqualTo(List.of(List.of(1, 2), List.of(3)));
    }

    @Test
    void lenientWherePymicKeepsAStringOrFails() {
        assertThat(ConfigValues.parse("1.5e-3")).isEqualTo(0.0015);
        assertThat(ConfigValues.parse("1E-3")).isEqualTo(0.001);
        assertThat(ConfigValues.parse("'quoted'")).isEqualTo("quoted");
    }
}
