package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamSpec;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;

/**
 * Walks every registry (transforms, networks, losses, optimisers, schedules, methods, metrics,
 * post-processing): every implemented component builds from its declared defaults (plus a value for each
 * required parameter), reads every parameter it declares, and where its code gives a fallback for a declared
 * parameter, the fallback is the declared default. A parameter that is declared but never read is a key the
 * config reference promises and the run ignores.
 */
class ComponentsFromDefaultsTest {
    /** Values for required parameters, by name. */
    private static final Map<String, Object> REQUIRED = Map.ofEntries(
            Map.entry("class_num", 2), Map.entry("in_chns", 1), Map.entry("iter_max", 100),
            Map.entry("iter_valid", 10), Map.entry("lr_step", 20), Map.entry("lr_milestones", List.of(20, 40)),
            Map.entry("lr_power", 0.9), Map.entry("reducelronplateau_patience", 5), Map.entry("lr_gamma", 0.5),
            Map.entry("output_size", List.of(8, 8)), Map.entry("source_list", List.of(1)),
            Map.entry("target_list", List.of(1)), Map.entry("lower_bound", List.of(0.8)),
            Map.entry("upper_bound", List.of(1.2)), Map.entry("output_spacing", List.of(1.0, 1.0, 1.0)),
            Map.entry("percentile_lower", 0.5), Map.entry("percentile_upper", 99.5),
            Map.entry("scale_range", List.of(0.9, 1.1)), Map.entry("shear_range", List.of(-5.0, 5.0)),
            Map.entry("rotate_range", List.of(-10.0, 10.0)), Map.entry("co_teaching_select_ratio", 0.8),
            Map.entry("trinet_select_ratio", 0.9));

    /**
     * Declared parameters that building does not read, with the reason. Keep this short: every entry is a key
     * whose reading happens elsewhere.
     */
    private static final Map<String, String> NOT_READ_WHEN_BUILT = Map.of(
            "network:UNet trilinear", "UNet3D's old key, read when dimension = 3 (the default builds UNet2D)",
            "network:UNet deep_supervise", "UNet3D's old key, read when dimension = 3 (the default builds UNet2D)",
            "network:CCTNet trilinear", "the 3D network's old key, read when dimension = 3 (the default is 2)");

    private static final List<ComponentKind> KINDS = List.of(ComponentKind.TRANSFORM, ComponentKind.NETWORK,
            ComponentKind.LOSS, ComponentKind.OPTIMIZER, ComponentKind.LR_SCHEDULER, ComponentKind.METHOD,
            ComponentKind.METRIC, ComponentKind.POSTPROCESS);

    private static Map<String, Object> values(ComponentSpec spec) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (ParamSpec p : spec.params()) {
            if (p.required()) {
                assertThat(REQUIRED).as("a test value for required %s %s", spec, p.name()).containsKey(p.name());
                v.put(p.name(), REQUIRED.get(p.name()));
            }
        }
        return v;
    }

    @Test
    void everyComponentBuildsFromItsDefaults() {
        List<String> failed = new ArrayList<>();
        int built = 0;
        for (ComponentKind kind : KINDS) {
            for (ComponentSpec spec : Registry.global().all(kind)) {
                Params p = Params.resolve(spec, values(spec));
                if (!spec.implemented()) {
                    assertThatThrownBy(() -> spec.create(p)).isInstanceOfSatisfying(PymicException.class,
                            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.NOT_IMPLEMENTED));
                    continue;
                }
                try {
                    assertThat((Object) spec.create(p)).as(spec.toString()).isNotNull();
                    built++;
                } catch (RuntimeException e) {
                    failed.add(spec + ": " + e);
                }
            }
        }
        assertThat(failed).isEmpty();
        assertThat(built).isGreaterThan(50);
    }

    @Test
    void everyDeclaredParameterIsReadAndCodeFallbacksAreTheDeclaredDefaults() {
        List<String> unread = new ArrayList<>();
        List<String> drift = new ArrayList<>();
        for (ComponentKind kind : KINDS) {
            for (ComponentSpec spec : Registry.global().all(kind)) {
                if (!spec.implemented()) {
                    continue;
                }
                Params.Reads reads = new Params.Reads();
                spec.create(Params.resolve(spec, values(spec)).recording(reads));
                for (ParamSpec p : spec.params()) {
                    String id = spec + " " + p.name();
                    if (!reads.keys().contains(p.name()) && !NOT_READ_WHEN_BUILT.containsKey(id)) {
                        unread.add(id);
                    }
                    for (Object f : reads.fallbacks().getOrDefault(p.name(), List.of())) {
                        if (p.defaultValue() != null && !same(f, p.defaultValue())) {
                            drift.add(id + ": declared " + p.defaultValue() + ", code falls back to " + f);
                        }
                    }
                }
            }
        }
        assertThat(unread).as("declared but never read").isEmpty();
        assertThat(drift).as("a second default in code").isEmpty();
    }

    @Test
    void conditionalReadsOfTheAllowListHappenWhenTheirConditionHolds() {
        for (String net : List.of("UNet", "CCTNet")) {
            ComponentSpec spec = Registry.global().require(ComponentKind.NETWORK, net);
            Map<String, Object> v = values(spec);
            v.put("dimension", 3);
            Params.Reads reads = new Params.Reads();
            spec.create(Params.resolve(spec, v).recording(reads));
            NOT_READ_WHEN_BUILT.keySet().stream().filter(k -> k.startsWith(spec + " "))
                    .forEach(k -> assertThat(reads.keys()).contains(k.substring(k.indexOf(' ') + 1)));
        }
    }

    @Test
    void mcnetRefusesAConsistencyItDoesNotCompute() {
        ComponentSpec spec = Registry.global().require(ComponentKind.METHOD, "MCNet");
        assertThatThrownBy(() -> spec.create(Params.resolve(spec, Map.of("unsupervised_loss", "KL"))))
                .isInstanceOfSatisfying(PymicException.class, e -> assertThat(e.exitCode())
                        .isEqualTo(ExitCode.NOT_IMPLEMENTED)).hasMessageContaining("unsupervised_loss = KL");
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }
}
