package org.pymic.core.catalog;

import java.util.List;
import java.util.Locale;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamSpec;
import org.pymic.core.registry.Registry;

/**
 * Generates docs/config-reference.md from a {@link Registry}: per kind, each implemented component
 * with its doc and a table of parameters (name, type, default, doc), then the PyMIC names pymic
 * does not implement yet. Output is deterministic (sorted by name) so that a test can compare it
 * with the committed file.
 */
public final class ConfigReference {
    private ConfigReference() {
    }

    public static String generate(Registry registry) {
        StringBuilder b = new StringBuilder();
        b.append("# pymic config reference\n\n");
        b.append("Generated from the component registry; do not edit by hand. Regenerate with\n");
        b.append("`java -cp <pymic classpath> org.pymic.cli.GenerateConfigReference docs/config-reference.md`.\n\n");
        b.append("Keys are case-insensitive. A component's parameters are written in its section, or as\n");
        b.append("`<Name>_<param>` in [dataset] for transforms (for example `RandomCrop_output_size`).\n");
        b.append("Names marked *not implemented* are PyMIC components that pymic refuses with exit code 6.\n");
        for (ComponentKind kind : order()) {
            List<ComponentSpec> specs = registry.all(kind).stream()
                    .sorted((x, y) -> x.name().compareToIgnoreCase(y.name())).toList();
            if (specs.isEmpty()) {
                continue;
            }
            b.append("\n## ").append(title(kind)).append("\n");
            for (ComponentSpec s : specs) {
                if (s.implemented()) {
                    component(b, s, kind == ComponentKind.SECTION ? "[" + s.name() + "]" : s.name());
                }
            }
            List<String> missing = specs.stream().filter(s -> !s.implemented()).map(ComponentSpec::name).toList();
            if (!missing.isEmpty()) {
                b.append("\nPyMIC names, *not implemented*: ").append(String.join(", ", missing)).append(".\n");
            }
        }
        return b.toString();
    }

    private static List<ComponentKind> order() {
        return List.of(ComponentKind.SECTION, ComponentKind.TRANSFORM, ComponentKind.NETWORK, ComponentKind.LOSS,
                ComponentKind.OPTIMIZER, ComponentKind.LR_SCHEDULER, ComponentKind.METHOD, ComponentKind.POSTPROCESS,
                ComponentKind.METRIC);
    }

    private static String title(ComponentKind k) {
        return switch (k) {
            case SECTION -> "Sections";
            case TRANSFORM -> "Transforms (`train_transform`, `valid_transform`, `test_transform`, `train_transform_unlab`)";
            case NETWORK -> "Networks (`[network] net_type`)";
            case LOSS -> "Losses (`[training] loss_type`)";
            case OPTIMIZER -> "Optimisers (`[training] optimizer`)";
            case LR_SCHEDULER -> "Learning-rate schedules (`[training] lr_scheduler`)";
            case METHOD -> "Methods (`method_name` of the semi / weakly / noisy-label sections)";
            case POSTPROCESS -> "Post-processing (`[testing] post_process`)";
            case METRIC -> "Metrics (`[evaluation] metric_list`)";
        };
    }

    private static void component(StringBuilder b, ComponentSpec s, String heading) {
        b.append("\n### ").append(heading).append("\n\n");
        if (!s.doc().isBlank()) {
            b.append(s.doc().strip()).append("\n\n");
        }
        if (!s.aliases().isEmpty()) {
            b.append("Also named: ").append(String.join(", ", s.aliases())).append(".\n\n");
        }
        if (s.params().isEmpty()) {
            b.append("No parameters.\n");
            return;
        }
        b.append("| key | type | default | description |\n| --- | --- | --- | --- |\n");
        for (ParamSpec p : s.params()) {
            b.append("| `").append(p.name()).append("` | ").append(p.type().label()).append(" | ")
                    .append(p.required() ? "**required**" : value(p.defaultValue())).append(" | ")
                    .append(cell(p.doc())).append(" |\n");
        }
    }

    private static String value(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean bool) {
            return bool ? "True" : "False";
        }
        if (v instanceof List<?> l) {
            return "[" + String.join(", ", l.stream().map(ConfigReference::value).toList()) + "]";
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e6 ? String.format(Locale.ROOT, "%.1f", d) : String.valueOf(d);
        }
        return cell(String.valueOf(v));
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
