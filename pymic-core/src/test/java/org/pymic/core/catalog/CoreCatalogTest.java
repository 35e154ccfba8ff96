package org.pymic.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.core.registry.Registry;

class CoreCatalogTest {

    @Test
    void registersEveryPymicSectionAndIsFoundByTheServiceLoader() {
        Registry r = Registry.global();
        assertThat(r.names(ComponentKind.SECTION, true)).contains("dataset", "network", "training",
                "semi_supervised_learning", "weakly_supervised_learning", "noisy_label_learning", "testing", "evaluation");
        assertThat(r.find(ComponentKind.SECTION, "network").orElseThrow().param("class_num").orElseThrow().required()).isTrue();
        assertThat(r.find(ComponentKind.SECTION, "training").orElseThrow().param("learning_rate").orElseThrow()
                .defaultValue()).isEqualTo(1e-3);
    }

    @Test
    void pymicNamesAreRefusedWithExitCodeSixUntilImplemented() {
        Registry r = new Registry();
        r.registerAll(new CoreCatalog().components());
        assertThatThrownBy(() -> r.require(ComponentKind.NETWORK, "TransUNet")).isInstanceOf(PymicException.class)
                .extracting(e -> ((PymicException) e).exitCode()).isEqualTo(ExitCode.NOT_IMPLEMENTED);
        assertThat(r.find(ComponentKind.METHOD, "coteaching")).isPresent();
        assertThat(r.find(ComponentKind.TRANSFORM, "RandomCrop").orElseThrow().implemented()).isFalse();
        r.register(ComponentSpec.builder(ComponentKind.TRANSFORM, "RandomCrop")
                .optional("output_size", ParamType.INT_LIST, null, "size").factory(p -> p).build());
        assertThat(r.require(ComponentKind.TRANSFORM, "randomcrop").params()).hasSize(1);
        r.registerAll(PymicNames.specs());
        assertThat(r.find(ComponentKind.TRANSFORM, "RandomCrop").orElseThrow().implemented()).isTrue();
    }
}
