package org.pymic.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pymic.core.config.ConfigEntry;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.config.ConfigValues;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.Registry;

class LossesTest {

    private static ConfigSection training(String... keyValues) {
        ConfigSection s = new ConfigSection("training", "net.cfg", 10);
        for (int i = 0; i < keyValues.length; i += 2) {
            s.put(new ConfigEntry(keyValues[i], ConfigValues.parse(keyValues[i + 1]), keyValues[i + 1], "net.cfg",
                    11 + i / 2));
        }
        return s;
    }

    @Test
    void singleLoss() {
        assertThat(Losses.fromConfig(training("loss_type", "DiceLoss"), 2)).isInstanceOf(DiceLoss.class);
    }

    @Test
    void listWithWeightsIsCombined() {
        SegLoss l = Losses.fromConfig(training("loss_type", "[DiceLoss, CrossEntropyLoss]", "loss_weight",
                "[0.5, 0.5]"), 2);
        assertThat(l).isInstanceOf(CombinedLoss.class);
        CombinedLoss c = (CombinedLoss) l;
        assertThat(c.losses()).hasSize(2);
        assertThat(c.losses().get(1)).isInstanceOf(CrossEntropyLoss.class);
        assertThat(c.weights()).containsExactly(0.5, 0.5);
    }

    @Test
    void deepSupervisionWraps() {
        SegLoss l = Losses.fromConfig(training("loss_type", "DiceLoss", "deep_supervise", "True",
                "deep_supervise_weight", "[1, 0.5, 0.25]"), 2);
        assertThat(l).isInstanceOf(DeepSuperviseLoss.class);
        assertThat(((DeepSuperviseLoss) l).base()).isInstanceOf(DiceLoss.class);
    }

    @Test
    void classWeightLengthMustMatchClassNumber() {
        assertThatThrownBy(() -> Losses.fromConfig(training("loss_type", "CrossEntropyLoss", "loss_class_weight",
                "[1, 2, 3]"), 2)).isInstanceOf(PymicException.class).hasMessageContaining("net.cfg:12")
                .hasMessageContaining("loss_class_weight");
    }

    @Test
    void unknownLossNamesPlaceAndSuggests() {
        assertThatThrownBy(() -> Losses.fromConfig(training("loss_type", "DiceLos"), 2))
                .isInstanceOf(PymicException.class).hasMessageContaining("net.cfg:11")
                .hasMessageContaining("DiceLoss")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
    }

    @Test
    void mismatchedLossWeight() {
        assertThatThrownBy(() -> Losses.fromConfig(training("loss_type", "[DiceLoss, CrossEntropyLoss]",
                "loss_weight", "[1.0]"), 2)).isInstanceOf(PymicException.class).hasMessageContaining("loss_weight");
    }

    @Test
    void everyLossIsRegisteredAndImplemented() {
        for (String n : List.of("CrossEntropyLoss", "DiceLoss", "FocalLoss", "ExpLogLoss", "EntropyLoss",
                "GeneralizedCELoss", "NoiseRobustDiceLoss")) {
            assertThat(Registry.global().require(ComponentKind.LOSS, n).implemented()).isTrue();
        }
    }
}
