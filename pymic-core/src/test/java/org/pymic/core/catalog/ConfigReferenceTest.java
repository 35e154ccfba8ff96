package org.pymic.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.core.registry.Registry;

class ConfigReferenceTest {

    @Test
    void tablesImplementedComponentsAndListsTheRest() {
        Registry r = new Registry();
        r.register(ComponentSpec.builder(ComponentKind.LOSS, "DiceLoss").doc("Soft Dice loss.")
                .optional("dice_smooth", ParamType.FLOAT, 1e-5, "smoothing | term")
                .required("class_num", ParamType.INT, "classes").factory(p -> p).build());
        r.register(ComponentSpec.builder(ComponentKind.LOSS, "ExpLogLoss").build());
        r.register(ComponentSpec.builder(ComponentKind.LOSS, "CrossEntropyLoss").factory(p -> p).build());
        String md = ConfigReference.generate(r);
        assertThat(md).contains("## Losses (`[training] loss_type`)")
                .contains("### DiceLoss\n\nSoft Dice loss.\n\n| key | type | default | description |")
                .contains("| `dice_smooth` | float | 1.0E-5 | smoothing \\| term |")
                .contains("| `class_num` | int | **required** | classes |")
                .contains("### CrossEntropyLoss\n\nNo parameters.")
                .contains("PyMIC names, *not implemented*: ExpLogLoss.")
                .doesNotContain("## Networks");
        assertThat(md.indexOf("### CrossEntropyLoss")).isLessThan(md.indexOf("### DiceLoss"));
        assertThat(ConfigReference.generate(r)).isEqualTo(md);
    }
}
