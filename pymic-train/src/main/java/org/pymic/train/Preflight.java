package org.pymic.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigProblem;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.config.ProblemCode;
import org.pymic.core.config.Severity;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.io.data.CaseList;
import org.pymic.io.data.LabelMode;
import org.pymic.io.data.LoadRules;
import org.pymic.io.data.SegmentationDataset;
import org.pymic.train.method.StreamSpec;

/**
 * What a run would refuse, found before it starts, every problem at once: case lists that are missing, list
 * missing files (each with its CSV and row) or have a header other than PyMIC's; output folders
 * ({@code ckpt_dir}, {@code [testing] output_dir}) that cannot be created or written; a missing
 * {@code ckpt_init_name}; early stopping or a plateau schedule without a validation list; and, on the first
 * {@value #SAMPLED_CASES} cases of every list, the checks every case gets when it is read
 * ({@link LoadRules}: non-finite image values, label values outside the classes). {@code pymic check} runs
 * every phase the config describes; {@code pymic train} and {@code pymic infer} run theirs before they
 * start, with the same code, so check and the run cannot disagree.
 */
public final class Preflight {
    /** Cases of each list that are read (images and labels) before a run. */
    public static final int SAMPLED_CASES = 8;

    /** The part of a config a command runs. */
    public enum Phase {
        /** {@code pymic train}: the training lists, validation, checkpoints. */
        TRAIN,
        /** {@code pymic infer}: the test list and the output folder. */
        INFER
    }

    /** The problems found and, when the training phase resolved, its plan (else null). */
    public record Result(List<ConfigProblem> problems, RunPlan plan) {
        public boolean hasErrors() {
            return problems.stream().anyMatch(ConfigProblem::isError);
        }
    }

    private final Config config;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private Preflight(Config config) {
        this.config = config;
    }

    /** The phases {@code config} describes: training with [training] iter_max, inference with a [testing] section. */
    public static Set<Phase> phases(Config config) {
        Set<Phase> p = EnumSet.noneOf(Phase.class);
        if (config.section("training").has("iter_max")) {
            p.add(Phase.TRAIN);
        }
        if (config.hasSection("testing") && config.section("dataset").has("test_csv")) {
            p.add(Phase.INFER);
        }
        return p;
    }

    /** Checks {@code phases} of {@code config} (which should have passed the config checker). */
    public static Result check(Config config, Set<Phase> phases) {
        Preflight f = new Preflight(config);
        RunPlan plan = null;
        if (phases.contains(Phase.TRAIN)) {
            plan = f.train();
        }
        if (phases.contains(Phase.INFER)) {
            f.infer();
        }
        return new Result(List.copyOf(f.problems), plan);
    }

    private RunPlan train() {
        ConfigSection ds = config.section("dataset");
        ConfigSection training = config.section("training");
        int before = errors();
        Path ckptDir = TrainingSettings.checkpointDir(training);
        if (ckptDir != null) {
            writable(ckptDir, training, training.has("ckpt_save_dir") ? "ckpt_save_dir" : "ckpt_dir");
        }
        String init = training.getString("ckpt_init_name", null);
        if (init != null) {
            try {
                Checkpoint.resolve(ckptDir, init);
            } catch (PymicException e) {
                add(ProblemCode.MISSING_FILE, TrainingRun.where(training, "ckpt_init_name"), "training", "ckpt_init_name",
                        e.getMessage());
            }
        }
        String need = RunPlan.validationNeed(training);
        if (need != null && !ds.has("valid_csv")) {
            problem(new PymicException(ExitCode.CONFIG, need), ds.location(), "training", "");
        }
        int modalNum = ds.intOrDefault("modal_num");
        Path trainRoot = TrainingRun.root(ds, "train_dir");
        List<StreamSpec> streams;
        try {
            streams = TrainingRun.method(config).method().streams();
        } catch (PymicException e) {
            problem(e, ds.location(), "dataset", "");
            return null;
        }
        for (int i = 0; i < streams.size(); i++) {
            if (ds.has(streams.get(i).csvKey())) {
                caseList(ds, streams.get(i).csvKey(), trainRoot, modalNum);
            }
        }
        if (ds.has("valid_csv")) {
            caseList(ds, "valid_csv", ds.has("valid_dir") ? Path.of(ds.getString("valid_dir", ".")) : trainRoot, modalNum);
        }
        if (errors() > before) {
            return null;
        }
        RunPlan plan;
        try {
            plan = RunPlan.resolve(config);
        } catch (PymicException e) {
            problem(e, config.source(), "", "");
            return null;
        }
        for (RunPlan.Stream s : plan.streams()) {
            sample(new SegmentationDataset(s.cases(), s.chain(), s.spec().labelled() ? LabelMode.LABELLED
                    : LabelMode.UNLABELLED, null, plan.loadRules(s)), s.spec().csvKey(), false);
        }
        if (plan.validCsv() != null) {
            sample(new SegmentationDataset(plan.validCases(), plan.validChain(), LabelMode.LABELLED, null,
                    plan.validLoadRules()), "valid_csv", true);
        }
        return plan;
    }

    private void infer() {
        ConfigSection ds = config.section("dataset");
        ConfigSection test = config.section("testing");
        if (test.has("output_dir")) {
            writable(Path.of(test.getString("output_dir", ".")), test, "output_dir");
        } else {
            add(ProblemCode.MISSING_KEY, test.location(), "testing", "output_dir",
                    "inference writes its segmentations to [testing] output_dir: set it");
        }
        String rootKey = ds.getString("test_dir", ds.getString("train_dir", ds.getString("root_dir", null)));
        CaseList cases = caseList(ds, "test_csv", rootKey == null ? null : Path.of(rootKey), ds.intOrDefault("modal_num"));
        if (cases != null) {
            try {
                sample(new SegmentationDataset(cases, null, LabelMode.UNLABELLED, null, LoadRules.images(ds)), "test_csv",
                        true);
            } catch (PymicException e) {
                problem(e, TrainingRun.where(ds, LoadRules.NONFINITE_KEY), "dataset", LoadRules.NONFINITE_KEY);
            }
        }
    }

    /** Reads {@code key}'s list, adding its missing files and header notes; null when it cannot be read. */
    private CaseList caseList(ConfigSection ds, String key, Path root, int modalNum) {
        try {
            Path csv = TrainingRun.caseListPath(ds, key, true);
            CaseList l = CaseList.scan(csv, root, modalNum);
            l.missing().forEach(m -> add(ProblemCode.MISSING_FILE, m.location(), "dataset", key, m.message()));
            l.warnings().forEach(w -> problems.add(new ConfigProblem(Severity.WARNING, ProblemCode.BAD_VALUE,
                    w.location(), "dataset", key, w.message(), "")));
            return l.missing().isEmpty() ? l : null;
        } catch (PymicException e) {
            problem(e, TrainingRun.where(ds, key), "dataset", key);
            return null;
        }
    }

    /**
     * Reads the first cases of {@code data} as a run reads them (before the transforms). Cases the inferer
     * predicts ({@code inferred}: validation and test) are also checked against {@code [testing] tta_mode = 2},
     * whose three views need a 3D volume: the first 2D one is reported at the key, not at the first validation.
     */
    private void sample(SegmentationDataset data, String key, boolean inferred) {
        boolean threeViews = inferred && config.hasSection("testing")
                && config.section("testing").intOrDefault("tta_mode") == 2;
        for (int i = 0; i < Math.min(SAMPLED_CASES, data.size()); i++) {
            try {
                Volume image = data.read(i).image();
                if (threeViews && image.depth() == 1) {
                    ConfigSection test = config.section("testing");
                    add(ProblemCode.BAD_VALUE, TrainingRun.where(test, "tta_mode"), "testing", "tta_mode",
                            "tta_mode = 2 averages the axial, sagittal and coronal views of a 3D volume, but "
                            + data.describe(i) + " (" + key + ") is 2D (" + image.height() + "x" + image.width()
                            + "): use tta_mode = 0 or 1");
                    threeViews = false;
                }
            } catch (PymicException e) {
                problem(e, data.describe(i), "dataset", key);
            }
        }
    }

    /**
     * A folder the run creates and writes: it, or the nearest folder above it that exists, must be a folder
     * that can be written.
     */
    private void writable(Path dir, ConfigSection s, String key) {
        Path p = dir.toAbsolutePath().normalize();
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        String why = null;
        if (existing == null) {
            why = "no part of it exists";
        } else if (!Files.isDirectory(existing)) {
            why = existing + " is not a folder";
        } else if (!Files.isWritable(existing)) {
            why = existing + " cannot be written";
        }
        if (why != null) {
            add(ProblemCode.UNWRITABLE, TrainingRun.where(s, key), s.name(), key, dir + ": cannot create or write this"
                    + " folder: " + why);
        }
    }

    /** A run's exception as a problem: its "file:line" or "csv:row N" prefix is the location when it has one. */
    private void problem(PymicException e, String fallback, String section, String key) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        String first = msg.lines().findFirst().orElse("");
        String location = fallback;
        int at = first.indexOf(": ");
        if (at > 0 && first.substring(0, at).matches(".*:(row )?\\d+")) {
            location = first.substring(0, at);
            msg = msg.substring(at + 2);
        }
        String prefix = "[" + section + "] ";
        if (!section.isEmpty() && msg.startsWith(prefix)) {
            msg = msg.substring(prefix.length());
        }
        add(ProblemCode.of(e.exitCode()), location, section, msg.startsWith(key + " ") ? "" : key, msg);
    }

    private void add(ProblemCode code, String location, String section, String key, String message) {
        problems.add(new ConfigProblem(Severity.ERROR, code, location, section, key, message, ""));
    }

    private int errors() {
        return (int) problems.stream().filter(ConfigProblem::isError).count();
    }
}
