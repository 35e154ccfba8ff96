package org.pymic.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamSpec;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;

/**
 * Validates a config against the {@link Registry} without running anything, and collects every
 * problem instead of stopping at the first: unknown sections and keys (with the nearest known
 * name), values of the wrong type, component names that are unknown or known but not implemented,
 * {@code <Transform>_<param>} keys against the transform's declared parameters, and the keys a run
 * needs. It never throws on a config's content; only {@link #checkFile} throws, for a file that
 * cannot be read.
 */
public final class ConfigChecker {
    /** Keys whose values name components, per section. */
    private static final List<ComponentField> FIELDS = List.of(
            new ComponentField("network", "net_type", ComponentKind.NETWORK),
            new ComponentField("training", "loss_type", ComponentKind.LOSS),
            new ComponentField("training", "optimizer", ComponentKind.OPTIMIZER),
            new ComponentField("training", "lr_scheduler", ComponentKind.LR_SCHEDULER),
            new ComponentField("dataset", "train_transform", ComponentKind.TRANSFORM),
            new ComponentField("dataset", "train_transform_unlab", ComponentKind.TRANSFORM),
            new ComponentField("dataset", "train_transform_strong", ComponentKind.TRANSFORM),
            new ComponentField("dataset", "valid_transform", ComponentKind.TRANSFORM),
            new ComponentField("dataset", "test_transform", ComponentKind.TRANSFORM),
            new ComponentField("testing", "post_process", ComponentKind.POSTPROCESS),
            new ComponentField("evaluation", "metric_list", ComponentKind.METRIC),
            new ComponentField("evaluation", "metric", ComponentKind.METRIC));

    /** Method sections and the old names of their method key. */
    static final Map<String, String> METHOD_SECTIONS = Map.of(
            "semi_supervised_learning", "ssl_method",
            "weakly_supervised_learning", "wsl_method",
            "noisy_label_learning", "nll_method",
            "self_supervised_learning", "self_method");

    private final Registry registry;
    private final Config config;
    private final List<ConfigProblem> problems = new ArrayList<>();
    /** Components named in each section (resolved specs, implemented or not). */
    private final Map<String, List<ComponentSpec>> named = new LinkedHashMap<>();
    /** Sections whose named components could not all be resolved to declared parameters. */
    private final Set<String> openSections = new LinkedHashSet<>();
    /** Not-implemented components already reported (each is reported once, where first named). */
    private final Set<ComponentSpec> refused = new LinkedHashSet<>();

    private ConfigChecker(Config config, Registry registry) {
        this.config = config;
        this.registry = registry;
    }

    /** Every problem of {@code config}, errors and warnings in file order of discovery. */
    public static List<ConfigProblem> check(Config config, Registry registry) {
        ConfigChecker c = new ConfigChecker(config, registry);
        try {
            c.run();
        } catch (RuntimeException e) {
            c.problems.add(new ConfigProblem(Severity.ERROR, ProblemCode.SYNTAX, config.source(), "", "",
                    "the config could not be checked completely: " + e, ""));
        }
        return List.copyOf(c.problems);
    }

    /**
     * Reads and checks a file. Syntax errors become problems; only a file that cannot be read
     * throws ({@link ExitCode#INPUT}).
     */
    public static CheckReport checkFile(Path file, Registry registry) {
        Config cfg;
        try {
            cfg = Config.load(file);
        } catch (PymicException e) {
            if (e.exitCode() == ExitCode.INPUT) {
                throw e;
            }
            return new CheckReport(null, syntaxProblems(file.toString(), e.getMessage()));
        }
        return new CheckReport(cfg, check(cfg, registry));
    }

    /** One SYNTAX problem per "file:line: message" line of a reader's error; other lines are kept whole. */
    private static List<ConfigProblem> syntaxProblems(String file, String message) {
        List<ConfigProblem> out = new ArrayList<>();
        Pattern at = Pattern.compile(Pattern.quote(file) + ":(\\d+): (.*)");
        for (String line : message.split("\n")) {
            Matcher m = at.matcher(line);
            if (m.matches()) {
                out.add(new ConfigProblem(Severity.ERROR, ProblemCode.SYNTAX, file + ":" + m.group(1), "", "", m.group(2), ""));
            } else if (out.isEmpty()) {
                out.add(new ConfigProblem(Severity.ERROR, ProblemCode.SYNTAX, file, "", "", line, ""));
            }
        }
        return out;
    }

    private void run() {
        problems.addAll(config.readProblems());
        checkSectionNames();
        for (ComponentField f : FIELDS) {
            checkComponentField(f.section(), f.key(), f.kind());
        }
        for (Map.Entry<String, String> m : METHOD_SECTIONS.entrySet()) {
            checkComponentField(m.getKey(), "method_name", ComponentKind.METHOD);
            checkComponentField(m.getKey(), m.getValue(), ComponentKind.METHOD);
        }
        for (ConfigSection s : config.sections()) {
            registry.find(ComponentKind.SECTION, s.name()).ifPresent(spec -> checkKeys(s, spec));
        }
        checkRequired();
        TaskRules.check(config, this::report);
    }

    void report(ConfigProblem p) {
        problems.add(p);
    }

    private void checkSectionNames() {
        List<String> known = registry.names(ComponentKind.SECTION, false);
        for (ConfigSection s : config.sections()) {
            if (registry.find(ComponentKind.SECTION, s.name()).isEmpty()) {
                List<String> near = Registry.nearest(s.name(), known);
                problems.add(new ConfigProblem(Severity.WARNING, ProblemCode.UNKNOWN_SECTION, s.location(), s.name(), "",
                        "unknown section, ignored", near.isEmpty() ? "known: " + String.join(", ", known)
                                : "did you mean [" + near.get(0) + "]?"));
            }
        }
    }

    private void checkComponentField(String sectionName, String key, ComponentKind kind) {
        if (!config.hasSection(sectionName)) {
            return;
        }
        ConfigSection s = config.section(sectionName);
        Optional<ConfigEntry> e = s.entry(key);
        if (e.isEmpty() || e.get().value() == null) {
            return;
        }
        Object v = e.get().value();
        List<?> items = v instanceof List<?> l ? l : List.of(v);
        for (Object item : items) {
            if (item == null) {
                continue;
            }
            if (!(item instanceof String name)) {
                problems.add(problem(Severity.ERROR, ProblemCode.WRONG_TYPE, e.get(), s.name(),
                        "expects " + kind.label() + " name(s), got '" + e.get().raw() + "'", ""));
                openSections.add(s.name());
                continue;
            }
            Optional<ComponentSpec> spec = registry.find(kind, name);
            if (spec.isEmpty()) {
                List<String> near = registry.suggest(kind, name);
                problems.add(problem(Severity.ERROR, ProblemCode.UNKNOWN_COMPONENT, e.get(), s.name(),
                        "unknown " + kind.label() + " '" + name + "'",
                        near.isEmpty() ? "implemented: " + implemented(kind) : "did you mean '" + near.get(0) + "'?"));
                openSections.add(s.name());
                continue;
            }
            named.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(spec.get());
            if (!spec.get().implemented() && refused.add(spec.get())) {
                problems.add(problem(Severity.ERROR, ProblemCode.NOT_IMPLEMENTED, e.get(), s.name(),
                        kind.label() + " '" + spec.get().name() + "' is a PyMIC component that pymic does not implement yet",
                        "implemented: " + implemented(kind)));
            }
            if (!spec.get().implemented() || spec.get().params().isEmpty()) {
                openSections.add(s.name());
            }
        }
    }

    private String implemented(ComponentKind kind) {
        List<String> names = registry.names(kind, true);
        return names.isEmpty() ? "none yet" : String.join(", ", names);
    }

    private void checkKeys(ConfigSection s, ComponentSpec sectionSpec) {
        List<ComponentSpec> components = named.getOrDefault(s.name(), List.of());
        for (ConfigEntry e : s.entries().values()) {
            Optional<ParamSpec> p = sectionSpec.param(e.key());
            if (p.isEmpty()) {
                p = components.stream().map(c -> c.param(e.key())).flatMap(Optional::stream).findFirst();
            }
            if (p.isPresent()) {
                typeCheck(s, e, p.get(), "");
                continue;
            }
            if (checkPrefixed(s, e)) {
                continue;
            }
            boolean open = openSections.contains(s.name()) && s.name().equals("network");
            if (open || isMethodSection(s.name()) && openSections.contains(s.name())) {
                continue; // the keys of a component pymic cannot describe are not judged
            }
            Set<String> candidates = new LinkedHashSet<>();
            sectionSpec.params().forEach(x -> candidates.add(x.name()));
            components.forEach(c -> c.params().forEach(x -> candidates.add(x.name())));
            List<String> near = Registry.nearest(e.key(), candidates);
            problems.add(problem(Severity.WARNING, ProblemCode.UNKNOWN_KEY, e, s.name(), "unknown key, ignored",
                    near.isEmpty() ? "" : "did you mean " + near.get(0) + "?" + unsetNote(s, sectionSpec, near.get(0))));
        }
    }

    /** For a suggested key the section does not set: what the run uses instead (its default). */
    private static String unsetNote(ConfigSection s, ComponentSpec sectionSpec, String key) {
        if (s.contains(key)) {
            return "";
        }
        return sectionSpec.param(key).filter(p -> !p.required())
                .map(p -> " " + key + " is not set, so its default " + (p.defaultValue() == null ? "None" : p.defaultValue())
                        + " applies").orElse("");
    }

    private static boolean isMethodSection(String name) {
        return METHOD_SECTIONS.containsKey(name);
    }

    /**
     * A {@code <Component>_<param>} key (PyMIC's way of giving transforms, losses, schedules and
     * post-processing their parameters). Returns false when no component name prefixes the key.
     */
    private boolean checkPrefixed(ConfigSection s, ConfigEntry e) {
        ComponentSpec owner = null;
        for (ComponentKind kind : ComponentKind.values()) {
            if (kind == ComponentKind.SECTION) {
                continue;
            }
            for (ComponentSpec c : registry.all(kind)) {
                for (String n : names(c)) {
                    String prefix = n.toLowerCase(Locale.ROOT) + "_";
                    if (e.key().startsWith(prefix) && e.key().length() > prefix.length()
                            && (owner == null || prefix.length() > owner.name().length() + 1)) {
                        owner = c;
                    }
                }
            }
        }
        if (owner == null) {
            return false;
        }
        ComponentSpec spec = owner;
        String param = e.key().substring(prefixLength(spec, e.key()));
        boolean used = named.values().stream().flatMap(Collection::stream).anyMatch(c -> c == spec);
        if (!used || !spec.implemented() || spec.params().isEmpty()) {
            return true; // parameters of unused or undescribed components are carried, as PyMIC does
        }
        Optional<ParamSpec> p = owner.param(param).or(() -> spec.param(e.key()));
        if (p.isPresent()) {
            typeCheck(s, e, p.get(), owner.name() + "_");
        } else {
            List<String> near = Registry.nearest(param, owner.params().stream().map(ParamSpec::name).toList());
            problems.add(problem(Severity.WARNING, ProblemCode.UNKNOWN_PARAM, e, s.name(),
                    owner.kind().label() + " " + owner.name() + " has no parameter '" + param + "'",
                    near.isEmpty() ? "its parameters: " + owner.params().stream().map(ParamSpec::name).toList()
                            : "did you mean " + owner.name() + "_" + near.get(0) + "?"));
        }
        return true;
    }

    private static List<String> names(ComponentSpec c) {
        List<String> n = new ArrayList<>();
        n.add(c.name());
        n.addAll(c.aliases());
        return n;
    }

    private static int prefixLength(ComponentSpec owner, String key) {
        return names(owner).stream().map(n -> n.toLowerCase(Locale.ROOT) + "_").filter(key::startsWith)
                .max(Comparator.comparingInt(String::length)).orElseThrow().length();
    }

    private void typeCheck(ConfigSection s, ConfigEntry e, ParamSpec p, String prefix) {
        String problem = Params.typeProblem(p.type(), e.value());
        if (problem != null) {
            problems.add(problem(Severity.ERROR, ProblemCode.WRONG_TYPE, e, s.name(),
                    "expects " + p.type().label() + " (" + p.doc() + "), got '" + e.raw() + "'", ""));
        }
    }

    private void checkRequired() {
        boolean run = (config.hasSection("dataset") || config.hasSection("network") || config.hasSection("training"))
                && !TaskRules.isPreprocessing(config);
        if (run) {
            for (String need : List.of("dataset", "network")) {
                if (!config.hasSection(need)) {
                    problems.add(new ConfigProblem(Severity.ERROR, ProblemCode.MISSING_SECTION, config.source(), need, "",
                            "section [" + need + "] is missing", ""));
                }
            }
        }
        for (ConfigSection s : config.sections()) {
            Optional<ComponentSpec> spec = registry.find(ComponentKind.SECTION, s.name());
            if (spec.isEmpty()) {
                continue;
            }
            for (ParamSpec p : spec.get().params()) {
                if (p.required() && s.get(p.name()) == null) {
                    problems.add(new ConfigProblem(Severity.ERROR, ProblemCode.MISSING_KEY, s.location(), s.name(), p.name(),
                            "required key is missing or None (" + p.type().label() + ": " + p.doc() + ")", ""));
                }
            }
        }
        List<ComponentSpec> used = named.values().stream().flatMap(Collection::stream).distinct().toList();
        for (ComponentSpec c : used) {
            if (c.kind() == ComponentKind.NETWORK || c.kind() == ComponentKind.METHOD) {
                ConfigSection s = config.section(c.kind() == ComponentKind.NETWORK ? "network" : sectionOfMethod(c));
                for (ParamSpec p : c.params()) {
                    if (p.required() && s.get(p.name()) == null) {
                        problems.add(new ConfigProblem(Severity.ERROR, ProblemCode.MISSING_KEY, s.location(), s.name(),
                                p.name(), c.kind().label() + " " + c.name() + " needs '" + p.name() + "' (" + p.doc() + ")", ""));
                    }
                }
            }
        }
    }

    private String sectionOfMethod(ComponentSpec method) {
        return named.entrySet().stream().filter(en -> en.getValue().contains(method)).map(Map.Entry::getKey)
                .findFirst().orElse("");
    }

    private static ConfigProblem problem(Severity sev, ProblemCode code, ConfigEntry e, String section, String msg,
            String suggestion) {
        return new ConfigProblem(sev, code, e.location(), section, e.key(), msg, suggestion);
    }

    private record ComponentField(String section, String key, ComponentKind kind) {
    }
}
