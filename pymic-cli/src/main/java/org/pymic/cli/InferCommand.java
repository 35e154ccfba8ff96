package org.pymic.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.pymic.core.config.Config;
import org.pymic.train.Preflight;
import org.pymic.train.infer.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pymic infer CONFIG} (alias {@code test}): segments the cases of [dataset] test_csv. */
@Command(name = "infer", aliases = "test", description = {"Segment the test cases of a config with its trained model.",
        "Applies [testing] ckpt_mode, sliding window, TTA and post-processing; outputs keep input geometry."})
final class InferCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions common;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", description = ConfigOptions.CONFIG)
    Path file;

    @Override
    public Integer call() {
        Config cfg = CheckedConfig.require(common.load(file), spec.commandLine().getErr(),
                Set.of(Preflight.Phase.INFER));
        List<Path> written = Predictor.run(cfg);
        spec.commandLine().getOut().printf("wrote %d segmentations%s%n", written.size(),
                written.isEmpty() ? "" : " to " + written.get(0).toAbsolutePath().getParent());
        return 0;
    }
}
