package org.pymic.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.pymic.core.config.Config;
import org.pymic.core.error.ExitCode;
import org.pymic.train.Preflight;
import org.pymic.train.SegmentationTrainer;
import org.pymic.train.TrainingRun;
import org.pymic.train.TrainingSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pymic train CONFIG}: trains the networks a PyMIC config describes. SIGINT and SIGTERM stop the
 * run after the current step ({@link StopSignals}): it writes a checkpoint of that iteration, prints one
 * line with the iteration and the command that resumes it, and exits with 130.
 */
@Command(name = "train", description = {"Train a segmentation model from a PyMIC config (INI or JSON).",
        "Checkpoints, the training log and a metrics CSV go to [training] ckpt_dir."})
final class TrainCommand implements Callable<Integer> {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./=:,+@%-]+");

    @Mixin
    ConfigOptions common;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", description = ConfigOptions.CONFIG)
    Path file;

    @Override
    public Integer call() {
        TrainingSummary s;
        Config cfg;
        try (StopSignals signals = StopSignals.install()) {
            cfg = CheckedConfig.require(common.load(file), spec.commandLine().getErr(),
                    Set.of(Preflight.Phase.TRAIN));
            s = train(cfg, true, signals);
        }
        if (s.interrupted()) {
            spec.commandLine().getErr().println("pymic: " + interruptedLine(s, cfg, file, common.overrides));
            return ExitCode.INTERRUPTED.code();
        }
        spec.commandLine().getOut().printf("trained to iteration %d; best validation Dice %.4f at iteration %d%s%n",
                s.lastIteration(), s.bestValidDice(), s.bestIteration(), s.earlyStopped() ? " (early stop)" : "");
        String ckptDir = cfg.section("training").getString("ckpt_dir", null);
        if (ckptDir != null) {
            spec.commandLine().getOut().println(ReportCommand.hint(ckptDir, null));
        }
        return 0;
    }

    /**
     * Trains; {@code progress} shows progress (a bar on a terminal, else a line every 30 s). SIGINT and
     * SIGTERM end the run at a step boundary: the summary then says {@link TrainingSummary#interrupted()}.
     */
    static TrainingSummary train(Config cfg, boolean progress) {
        try (StopSignals signals = StopSignals.install()) {
            return train(cfg, progress, signals);
        }
    }

    private static TrainingSummary train(Config cfg, boolean progress, StopSignals signals) {
        try (SegmentationTrainer trainer = TrainingRun.trainer(cfg, progress)) {
            signals.onStop(trainer::requestStop);
            return trainer.train();
        }
    }

    /** {@code interrupted at iteration N of M; resume with: pymic train ...} (or why there is nothing to resume). */
    static String interruptedLine(TrainingSummary s, Config cfg, Path configFile, List<String> overrides) {
        int iterMax = cfg.section("training").getInt("iter_max", s.lastIteration());
        String where = "interrupted at iteration " + s.lastIteration() + " of " + iterMax;
        if (s.checkpoint() == null) {
            return where + ", before the first step; nothing to resume";
        }
        List<String> cmd = new ArrayList<>(List.of("pymic", "train", configFile.toString()));
        for (String o : overrides) {
            String key = o.contains("=") ? o.substring(0, o.indexOf('=')).trim().toLowerCase(java.util.Locale.ROOT) : o;
            if (!key.equals("training.ckpt_init_name") && !key.equals("training.ckpt_init_mode")) {
                cmd.add("--set");
                cmd.add(o);
            }
        }
        cmd.addAll(List.of("--set", "training.ckpt_init_name=" + s.checkpoint(), "--set", "training.ckpt_init_mode=1"));
        StringBuilder b = new StringBuilder(where).append("; checkpoint ").append(s.checkpoint()).append("; resume with:");
        for (String a : cmd) {
            b.append(' ').append(shellWord(a));
        }
        return b.toString();
    }

    /** The word as a POSIX shell reads it back: as is when safe, else in single quotes. */
    static String shellWord(String a) {
        return SHELL_SAFE.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'";
    }
}
