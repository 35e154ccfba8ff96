package org.pymic.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.Registry;

class NetworksTest {

    private static ExitCode code(Runnable r) {
        try {
            r.run();
        } catch (PymicException e) {
            return e.exitCode();
        }
        return ExitCode.OK;
    }

    @Test
    void registersPymicNamesWithDeclaredDefaults() {
        var spec = Registry.global().require(ComponentKind.NETWORK, "unet2d");
        assertThat(spec.name()).isEqualTo("UNet2D");
        assertThat(spec.param("feature_chns").orElseThrow().defaultValue()).isEqualTo(List.of(32, 64, 128, 256, 512));
        assertThat(spec.param("dropout").orElseThrow().defaultValue()).isEqualTo(List.of(0.0, 0.0, 0.2, 0.3, 0.4));
        assertThat(spec.param("up_mode").orElseThrow().defaultValue()).isEqualTo(2);
        assertThat(Registry.global().names(ComponentKind.NETWORK, true))
                .contains("UNet2D", "UNet3D", "UNet2D5", "AttentionUNet2D", "NestedUNet2D");
        assertThat(Registry.global().require(ComponentKind.NETWORK, "UNet2D_NestedDense").name()).isEqualTo("NestedUNet2D");
    }

    @Test
    void createsWithDefaultsAndIgnoresOtherSectionKeys() {
        SegNetwork net = Networks.create("UNet3D", Map.of("net_type", "UNet3D", "in_chns", 2, "class_num", 3));
        assertThat(net.dim()).isEqualTo(3);
        assertThat(net.inChannels()).isEqualTo(2);
        assertThat(net.classNum()).isEqualTo(3);
        assertThat(net.multiscale()).isFalse();
        assertThat(Networks.create("UNet3D", Map.of("in_chns", 1, "class_num", 2, "deep_supervise", true)).multiscale())
                .isTrue();
        assertThat(Networks.create("UNet2D", Map.of("in_chns", 1, "class_num", 2, "up_mode", "Bicubic")).name())
                .isEqualTo("UNet2D");
    }

    @Test
    void badValuesAreConfigErrorsNamingTheKey() {
        assertThatThrownBy(() -> Networks.create("UNet2D", NetTesting.tiny(1, 2, "dropout", List.of(0.1, 0.2))))
                .isInstanceOf(PymicException.class).hasMessageContaining("'dropout'");
        assertThatThrownBy(() -> Networks.create("UNet3D", NetTesting.tiny(1, 2, "up_mode", 3)))
                .isInstanceOf(PymicException.class).hasMessageContaining("'up_mode'");
        assertThatThrownBy(() -> Networks.create("UNet2D", NetTesting.tiny(1, 2, "norm", "group")))
                .isInstanceOf(PymicException.class).hasMessageContaining("'norm'");
        assertThatThrownBy(() -> Networks.create("UNet2D5", NetTesting.tiny(1, 2, "conv_dims", List.of(2, 2, 4, 3, 3))))
                .isInstanceOf(PymicException.class).hasMessageContaining("'conv_dims'");
        assertThat(code(() -> Networks.create("UNet2D", Map.of("in_chns", 1)))).isEqualTo(ExitCode.CONFIG);
        // in_chns takes the default [network] declares, as the config reference says
        assertThat(Networks.create("UNet2D", Map.of("class_num", 2)).inChannels()).isEqualTo(1);
        assertThat(code(() -> Networks.create("UNet2D", NetTesting.tiny(1, 2, "feature_chns", List.of(4, 8)))))
                .isEqualTo(ExitCode.CONFIG);
        assertThat(code(() -> Networks.create("UNet2d_typo", NetTesting.tiny(1, 2)))).isEqualTo(ExitCode.CONFIG);
        assertThat(code(() -> Networks.create("COPLENet", NetTesting.tiny(1, 2)))).isEqualTo(ExitCode.NOT_IMPLEMENTED);
        assertThat(code(() -> Networks.create("NestedUNet2D", NetTesting.tiny(1, 2, "multiscale_pred", true))))
                .isEqualTo(ExitCode.NOT_IMPLEMENTED);
    }
}
