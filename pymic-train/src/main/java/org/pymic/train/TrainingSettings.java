package org.pymic.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pymic.core.catalog.SectionCatalog;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * The loop's keys of PyMIC's {@code [training]} section: iter_max, iter_valid (default 100), iter_save
 * (None = only at the end, an interval, or a list of iterations), iter_start, early_stop_patience,
 * iter_log (pymic: iterations between training rows of the metrics file, default
 * in the config reference, 0 = none),
 * ckpt_save_dir, ckpt_prefix (default: the folder's name), ckpt_init_name, ckpt_init_mode (0 weights only,
 * 1 resume iteration and optimiser state), random_seed (default 1), deterministic (False: a fresh seed per run).
 */
public record TrainingSettings(int iterMax, int iterValid, List<Integer> iterSave, int iterStart,
                               Integer earlyStopPatience, Path ckptDir, String ckptPrefix,
                               String ckptInitName, int ckptInitMode, long seed, int iterLog) {
    /** {@code iter_log} when the config does not say. */
    public static final int DEFAULT_ITER_LOG = SectionCatalog.defaultInt(SectionCatalog.TRAINING, "iter_log");

    public static TrainingSettings from(ConfigSection t) {
        int iterMax = t.requireInt("iter_max");
        int iterValid = t.intOrDefault("iter_valid");
        if (iterValid <= 0 || iterMax <= 0) {
            throw new PymicException(ExitCode.CONFIG, t.location() + ": [training] iter_max and iter_valid must be positive");
        }
        List<Integer> save = new ArrayList<>();
        Object s = t.get("iter_save");
        if (s == null) {
            save.add(iterMax);
        } else if (s instanceof List<?>) {
            for (int v : t.getIntArray("iter_save")) {
                save.add(v);
            }
        } else {
            int every = t.getInt("iter_save", iterMax);
            if (every <= 0) {
                throw new PymicException(ExitCode.CONFIG, t.entry("iter_save").get().location()
                        + ": [training] iter_save must be positive");
            }
            for (int v = 0; v <= iterMax; v += every) {
                save.add(v);
            }
        }
        Path ckptDir = checkpointDir(t);
        if (ckptDir == null) {
            throw new PymicException(ExitCode.CONFIG, t.location() + ": [training] ckpt_save_dir is missing");
        }
        String prefix = t.getString("ckpt_prefix", ckptDir.getFileName().toString());
        Object pat = t.get("early_stop_patience");
        int mode = t.intOrDefault("ckpt_init_mode");
        if (mode != 0 && mode != 1) {
            throw new PymicException(ExitCode.CONFIG, t.location() + ": [training] ckpt_init_mode expects 0 or 1, got " + mode);
        }
        int iterLog = t.intOrDefault("iter_log");
        if (iterLog < 0) {
            throw new PymicException(ExitCode.CONFIG, t.entry("iter_log").get().location()
                    + ": [training] iter_log must be 0 (no training rows) or positive, got " + iterLog);
        }
        return new TrainingSettings(iterMax, iterValid, List.copyOf(save), t.intOrDefault("iter_start"),
                pat == null ? null : t.getInt("early_stop_patience", 0), ckptDir, prefix,
                t.getString("ckpt_init_name", null), mode, seed(t), iterLog);
    }

    /**
     * {@code random_seed} when {@code deterministic} is True (the default); with False, as PyMIC then leaves its
     * generators unseeded, a fresh seed for every run, which the log, the run plan and the checkpoints record.
     */
    static long seed(ConfigSection t) {
        if (t.boolOrDefault("deterministic")) {
            return t.intOrDefault("random_seed");
        }
        t.intOrDefault("random_seed"); // a bad value is still refused
        return new java.security.SecureRandom().nextInt(1 << 30);
    }

    /**
     * {@code ckpt_save_dir} (or PyMIC's older {@code ckpt_dir}) without trailing slashes; null when unset.
     * When the config has both, one given with {@code --set} wins, so an override of either name works.
     */
    public static Path checkpointDir(ConfigSection t) {
        String dir = t.getString("ckpt_save_dir", t.getString("ckpt_dir", null));
        boolean oldNameOverridden = t.entry("ckpt_dir").map(e -> e.source().startsWith("--set")).orElse(false);
        boolean newNameOverridden = t.entry("ckpt_save_dir").map(e -> e.source().startsWith("--set")).orElse(false);
        if (oldNameOverridden && !newNameOverridden) {
            dir = t.getString("ckpt_dir", dir);
        }
        if (dir == null) {
            return null;
        }
        while (dir.length() > 1 && dir.endsWith("/")) {
            dir = dir.substring(0, dir.length() - 1);
        }
        return Path.of(dir);
    }
}
