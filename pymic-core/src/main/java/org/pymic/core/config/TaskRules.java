package org.pymic.core.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checks that depend on the task rather than on one key: accepted values of task_type,
 * supervise_type, tensor_type (double, PyMIC's float64 computation, is refused by name) and ckpt_mode; the method section that supervise_type needs; the
 * keys a training run needs (a training list, a method name); the label groups of
 * [evaluation] label_list (each item a label or a list of labels). Configs of PyMIC tasks pymic
 * does not implement are refused by name (NOT_IMPLEMENTED): other task types, self-supervised
 * pretraining (supervise_type = self_sup or a [self_supervised_learning] section) and configs of
 * PyMIC's preprocessing utility (a [dataset] section with a {@code transform} list and no run
 * sections).
 */
final class TaskRules {
    private static final List<String> TASKS = List.of("seg", "cls", "cls_nexcl", "rec");
    private static final Map<String, String> SUPERVISE = Map.of(
            "fully_sup", "", "semi_sup", "semi_supervised_learning", "weak_sup", "weakly_supervised_learning",
            "noisy_label", "noisy_label_learning", "self_sup", "self_supervised_learning");

    private static final String SELF_SUP = "self_sup";
    private static final String SELF_SECTION = "self_supervised_learning";

    private TaskRules() {
    }

    /**
     * A config of PyMIC's preprocessing utility (pymic/util/preprocess.py): a [dataset] section
     * with a {@code transform} list, and no [network], [training] or [testing] section.
     */
    static boolean isPreprocessing(Config cfg) {
        return cfg.hasSection("dataset") && cfg.section("dataset").entry("transform").isPresent()
                && !cfg.hasSection("network") && !cfg.hasSection("training") && !cfg.hasSection("testing");
    }

    /** Self-supervised pretraining, refused where the config first says so. */
    private static void selfSupervised(Config cfg, Consumer<ConfigProblem> out) {
        Optional<ConfigEntry> st = cfg.section("dataset").entry("supervise_type")
                .filter(e -> SELF_SUP.equals(e.value()));
        if (st.isEmpty() && !cfg.hasSection(SELF_SECTION)) {
            return;
        }
        String where = st.map(ConfigEntry::location).orElseGet(() -> cfg.section(SELF_SECTION).location());
        out.accept(new ConfigProblem(Severity.ERROR, ProblemCode.NOT_IMPLEMENTED, where,
                st.isPresent() ? "dataset" : SELF_SECTION, st.isPresent() ? "supervise_type" : "",
                "'self_sup' (self-supervised pretraining) is a PyMIC task that pymic does not implement yet",
                "implemented: fully_sup, semi_sup, weak_sup, noisy_label"));
    }

    static void check(Config cfg, Consumer<ConfigProblem> out) {
        ConfigSection data = cfg.section("dataset");
        choice(data, "task_type", TASKS, out);
        Optional<ConfigEntry> task = data.entry("task_type");
        if (task.isPresent() && task.get().value() instanceof String t && !t.equals("seg") && TASKS.contains(t)) {
            out.accept(new ConfigProblem(Severity.ERROR, ProblemCode.NOT_IMPLEMENTED, task.get().location(), "dataset",
                    "task_type", "task '" + t + "' is a PyMIC task that pymic does not implement yet", "implemented: seg"));
        }
        choice(data, "supervise_type", List.copyOf(SUPERVISE.keySet()), out);
        choice(data, "tensor_type", List.of("float", "double"), out);
        data.entry("tensor_type").filter(e -> "double".equals(e.value())).ifPresent(e -> out.accept(new ConfigProblem(
                Severity.ERROR, ProblemCode.NOT_IMPLEMENTED, e.location(), "dataset", "tensor_type",
                "'double' (PyMIC's float64 networks and batches) is not implemented: pymic computes in float32",
                "use tensor_type = float")));
        selfSupervised(cfg, out);
        if (isPreprocessing(cfg)) {
            ConfigEntry e = data.entry("transform").orElseThrow();
            out.accept(new ConfigProblem(Severity.ERROR, ProblemCode.NOT_IMPLEMENTED, e.location(), "dataset", "transform",
                    "a config of PyMIC's 'preprocess' utility (a [dataset] transform list and no [network]); "
                            + "pymic does not implement preprocessing runs yet", "pymic runs train, test and evaluation configs"));
        }
        if (data.get("supervise_type") instanceof String st && SUPERVISE.containsKey(st) && !SUPERVISE.get(st).isEmpty()
                && !st.equals(SELF_SUP) && !cfg.hasSection(SUPERVISE.get(st))) {
            out.accept(new ConfigProblem(Severity.ERROR, ProblemCode.MISSING_SECTION, data.entry("supervise_type")
                    .orElseThrow().location(), SUPERVISE.get(st), "", "supervise_type = " + st + " needs a ["
                    + SUPERVISE.get(st) + "] section", ""));
        }
        ConfigSection testing = cfg.section("testing");
        checkpointMode(testing, out);
        if (testing.get("tta_mode") instanceof Number n && (n.intValue() < 0 || n.intValue() > 2)) {
            out.accept(new ConfigProblem(Severity.ERROR, ProblemCode.BAD_VALUE, testing.entry("tta_mode").orElseThrow()
                    .location(), "testing", "tta_mode", "expects 0 (none), 1 (flips) or 2 (three views of a 3D"
                    + " volume), got " + n, ""));
        }
        if (cfg.hasSection("training") && data.get("train_csv") == null) {
            out.accept(new ConfigProblem(Severity.ERROR, ProblemCode.MISSING_KEY, data.location(), "dataset", "train_csv",
                    "training needs a list of training cases", ""));
        }
        labelGroups(cfg, out);
        for (Map.Entry<String, String> m : ConfigChecker.METHOD_SECTIONS.entrySet()) {
            if (cfg.hasSection(m.getKey())) {
                ConfigSection s = cfg.section(m.getKey());
                if (s.get("method_name") == null && s.get(m.getValue()) == null) {
                    out.accept(new ConfigProblem(Severity.ERROR, ProblemCode.MISSING_KEY, s.location(), s.name(),
                            "method_name", "required key is missing or None (the method to train with)", ""));
                }
            }
        }
    }

    /**
     * [testing] ckpt_mode as PyMIC's agent reads it: 0 latest, 1 best, 2 the one file {@code ckpt_name}, 3 the mean
     * of the {@code ckpt_name} list (an ensemble); mode 2 with several names is refused as PyMIC refuses it
     * ("ckpt_mode should be 3 if ckpt_name is a list"), and modes 2 and 3 need {@code ckpt_name}.
     */
    private static void checkpointMode(ConfigSection testing, Consumer<ConfigProblem> out) {
        if (!(testing.get("ckpt_mode") instanceof Number n)) {
            return;
        }
        String where = testing.entry("ckpt_mode").orElseThrow().location();
        int mode = n.intValue();
        if (mode < 0 || mode > 3) {
            out.accept(new ConfigProblem(Severity.ERROR, ProblemCode.BAD_VALUE, where, "testing", "ckpt_mode",
                    "expects 0 (latest), 1 (best), 2 (ckpt_name) or 3 (mean of the ckpt_name list), got " + n, ""));
            return;
        }
        Object names = testing.get("ckpt_name");
        if (mode >= 2 && names == null) {
            out.accept(new ConfigProblem(Severity.ERROR, ProblemCode.MISSING_KEY, where, "testing", "ckpt_name",
                    "ckpt_mode = " + mode + " reads the checkpoint" + (mode == 3 ? " list" : "") + " from ckpt_name: set it",
                    ""));
        } else if (mode == 2 && names instanceof List<?> l && l.size() > 1) {
            out.accept(new ConfigProblem(Severity.ERROR, ProblemCode.BAD_VALUE, testing.entry("ckpt_name").orElseThrow()
                    .location(), "testing", "ckpt_name", "a list of " + l.size() + " checkpoints needs ckpt_mode = 3"
                    + " (their mean), but ckpt_mode = 2 reads one", "set ckpt_mode = 3"));
        }
    }

    /**
     * [evaluation] label_list: integers, or lists of integers that PyMIC evaluates as one merged
     * region (label groups such as {@code [1, [1, 2]]}).
     */
    private static void labelGroups(Config cfg, Consumer<ConfigProblem> out) {
        if (!cfg.hasSection("evaluation")) {
            return;
        }
        Optional<ConfigEntry> e = cfg.section("evaluation").entry("label_list");
        if (e.isEmpty() || e.get().value() == null) {
            return;
        }
        Object v = e.get().value();
        boolean ok = v instanceof List<?> l ? l.stream().allMatch(x -> isLabel(x)
                || x instanceof List<?> g && !g.isEmpty() && g.stream().allMatch(TaskRules::isLabel)) : isLabel(v);
        if (!ok) {
            out.accept(new ConfigProblem(Severity.ERROR, ProblemCode.WRONG_TYPE, e.get().location(), "evaluation",
                    "label_list", "expects labels (integers) or label groups such as [1, [1, 2]], got '"
                            + e.get().raw() + "'", ""));
        }
    }

    private static boolean isLabel(Object x) {
        return x instanceof Integer || x instanceof Long
                || x instanceof Double d && d == Math.rint(d) && !d.isInfinite();
    }

    private static void choice(ConfigSection s, String key, List<String> allowed, Consumer<ConfigProblem> out) {
        Optional<ConfigEntry> e = s.entry(key);
        if (e.isEmpty() || e.get().value() == null) {
            return;
        }
        if (!(e.get().value() instanceof String v) || !allowed.contains(v)) {
            out.accept(new ConfigProblem(Severity.ERROR, ProblemCode.BAD_VALUE, e.get().location(), s.name(), key,
                    "expects one of " + allowed + ", got '" + e.get().raw() + "'", ""));
        }
    }
}
