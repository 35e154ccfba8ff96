package org.pymic.cli;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import org.pymic.core.config.Config;
import org.pymic.train.Preflight;
import org.pymic.train.SegmentationTrainer;
import org.pymic.train.TrainingRun;
import org.pymic.train.TrainingSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pymic train CONFIG}: trains the networks a PyMIC config describes. */
@Command(name = "train", description = {"Train a segmentation model from a PyMIC config (INI or JSON).",
        "Checkpoints, the training log and a metrics CSV go to [training] ckpt_dir."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions common;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG")
    Path file;

    @Override
    public Integer call() {
        Config cfg = CheckedConfig.require(common.load(file), spec.commandLine().getErr(),
                Set.of(Preflight.Phase.TRAIN));
        TrainingSummary s = train(cfg, System.console() != null);
        spec.commandLine().getOut().printf("trained to iteration %d; best validation Dice %.4f at iteration %d%s%n",
                s.lastIteration(), s.bestValidDice(), s.bestIteration(), s.earlyStopped() ? " (early stop)" : "");
        return 0;
    }

    static TrainingSummary train(Config cfg, boolean progress) {
        try (SegmentationTrainer trainer = TrainingRun.trainer(cfg, progress)) {
            return trainer.train();
        }
    }
}
