package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.pymic.core.catalog.SectionCatalog;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamSpec;
import org.pymic.core.registry.Registry;

/**
 * A key that a section declares and a component reads from that section (an optimiser's learning_rate, a
 * network's in_chns, a method's regularize_w) has one default: the component's declaration agrees with the
 * section's, so check, the config reference and the run cannot disagree.
 */
class SingleSourceDefaultsTest {
    /** The sections whose keys components of a kind read. */
    private static final Map<ComponentKind, List<String>> READS = Map.of(
            ComponentKind.OPTIMIZER, List.of(SectionCatalog.TRAINING),
            ComponentKind.LR_SCHEDULER, List.of(SectionCatalog.TRAINING),
            ComponentKind.LOSS, List.of(SectionCatalog.TRAINING),
            ComponentKind.NETWORK, List.of(SectionCatalog.NETWORK),
            ComponentKind.METHOD, List.of(SectionCatalog.SEMI, SectionCatalog.WEAK, SectionCatalog.NOISY),
            ComponentKind.POSTPROCESS, List.of(SectionCatalog.TESTING));

    @Test
    void componentsDeclareTheDefaultsOfTheSectionKeysTheyRead() {
        Registry r = Registry.global();
        List<String> disagree = new ArrayList<>();
        READS.forEach((kind, sections) -> {
            for (ComponentSpec c : r.all(kind)) {
                for (ParamSpec p : c.params()) {
                    for (String section : sections) {
                        ComponentSpec s = r.find(ComponentKind.SECTION, section).orElseThrow();
                        s.param(p.name()).ifPresent(sp -> {
                            // a section default of None leaves the default to each method's own declaration
                            if (!sp.required() && !p.required() && sp.defaultValue() != null
                                    && !same(sp.defaultValue(), p.defaultValue())) {
                                disagree.add(c + " " + p.name() + " = " + p.defaultValue() + " but [" + section + "] "
                                        + sp.name() + " = " + sp.defaultValue());
                            }
                            if (sp.required() && !p.required()) {
                                disagree.add(c + " " + p.name() + " has a default but [" + section + "] requires it");
                            }
                            if (p.required() && !sp.required() && sp.defaultValue() != null) {
                                disagree.add(c + " requires " + p.name() + " but [" + section + "] gives it the default "
                                        + sp.defaultValue());
                            }
                        });
                    }
                }
            }
        });
        assertThat(disagree).isEmpty();
    }

    @Test
    void readersOfSectionKeysTakeTheDeclaredDefault() {
        assertThat(org.pymic.train.optim.OptimProvider.DEFAULT_LEARNING_RATE)
                .isEqualTo(SectionCatalog.defaultDouble(SectionCatalog.TRAINING, "learning_rate"));
        assertThat(org.pymic.train.TrainingRun.DEFAULT_WORKERS)
                .isEqualTo(SectionCatalog.defaultInt(SectionCatalog.DATASET, "num_worker"));
        assertThat(org.pymic.train.TrainingRun.DEFAULT_CACHE_MB)
                .isEqualTo(SectionCatalog.defaultInt(SectionCatalog.DATASET, "cache_mb"));
        assertThat(org.pymic.train.TrainingSettings.DEFAULT_ITER_LOG)
                .isEqualTo(SectionCatalog.defaultInt(SectionCatalog.TRAINING, "iter_log"));
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }
}
