package org.pymic.train.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;

class ImperfectLabelMethodProviderTest {

    private static Object create(String name, Map<String, ?> values) {
        ComponentSpec spec = Registry.global().require(ComponentKind.METHOD, name);
        return spec.create(Params.resolve(spec, values));
    }

    @Test
    void methodsAreRegisteredUnderPymicNames() {
        assertThat(create("MeanTeacher", Map.of())).isInstanceOf(MeanTeacher.class);
        assertThat(create("uamt", Map.of())).isInstanceOf(UncertaintyAwareMeanTeacher.class);
        assertThat(create("CPS", Map.of())).isInstanceOf(CrossPseudoSupervision.class);
        assertThat(create("TotalVariation", Map.of())).isInstanceOf(TotalVariation.class);
        assertThat(create("WSLEntropyMinimization", Map.of())).isInstanceOf(WeakEntropyMinimization.class);
        assertThat(create("CoTeaching", Map.of("co_teaching_select_ratio", 0.8))).isInstanceOf(CoTeaching.class);
    }

    @Test
    void defaultsAreThoseOfPymic() {
        ComponentSpec mt = Registry.global().require(ComponentKind.METHOD, "MeanTeacher");
        Params p = Params.resolve(mt, Map.of());
        assertThat(p.getDouble("regularize_w")).isEqualTo(0.1);
        assertThat(p.getInt("rampup_start")).isZero();
        assertThat(p.get("rampup_end")).isNull();
        assertThat(p.getDouble("ema_decay")).isEqualTo(0.99);
        ComponentSpec uamt = Registry.global().require(ComponentKind.METHOD, "UAMT");
        assertThat(Params.resolve(uamt, Map.of()).getInt("uamt_mcdroput_n")).isEqualTo(8);
        // the EMA warm-up is iter_valid when passed along
        MeanTeacher m = (MeanTeacher) create("MeanTeacher", Map.of("iter_valid", 50));
        assertThat(m.decay(50)).isEqualTo(0.5);
    }

    @Test
    void coTeachingNeedsItsSelectRatio() {
        assertThatThrownBy(() -> create("CoTeaching", Map.of()))
                .isInstanceOf(PymicException.class)
                .hasMessageContaining("co_teaching_select_ratio")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
        assertThatThrownBy(() -> create("CoTeaching", Map.of("co_teaching_select_ratio", 1.5)))
                .isInstanceOf(PymicException.class).hasMessageContaining("(0, 1]");
    }

    @Test
    void twoNetworkMethodsBuildTwoNetworksAndTrainBoth() {
        var two = new CrossPseudoSupervision(0.1, 0, null).createNetworks(ToyDiscs.tinyNetworks(1));
        assertThat(two.keySet()).containsExactly("net1", "net2");
        assertThat(new CoTeaching(0.8, 0, null).trainedNetworks(two)).containsExactly("net1", "net2");
        assertThatThrownBy(() -> new CoTeaching(0.8, 0, null).createNetworks(ToyDiscs.tinyNetworks(3)))
                .isInstanceOf(PymicException.class).hasMessageContaining("net_type");
        var mt = new MeanTeacher(0.1, 0, null, 0.99, 100).createNetworks(ToyDiscs.tinyNetworks(1));
        assertThat(mt.keySet()).containsExactly("net", "net_ema");
    }
}
