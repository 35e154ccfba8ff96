package org.pymic.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pymic.core.config.Config;
import org.pymic.train.BenchRunner;
import org.pymic.train.SegmentationTrainer;
import org.pymic.train.StepTiming;
import org.pymic.train.TrainingRun;
import org.pymic.train.infer.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pymic bench train|infer CONFIG}: how long a training iteration and an inferred case take. */
@Command(name = "bench", description = "Measure milliseconds per training iteration or per inferred case.",
        subcommands = {BenchCommand.Train.class, BenchCommand.Infer.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Median step time split into data wait, forward, backward and update. */
    @Command(name = "train", description = {"Time training iterations and print the median milliseconds per iteration and its parts.",
            "Trains --warmup untimed, then --iters timed iterations, without validation or kept checkpoints."})
    static final class Train implements Callable<Integer> {
        @Mixin
        ConfigOptions common;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "CONFIG", description = ConfigOptions.CONFIG)
        Path file;

        @Option(names = "--iters", paramLabel = "N", defaultValue = "20", description = "Timed iterations (default ${DEFAULT-VALUE}).")
        int iters;

        @Option(names = "--warmup", paramLabel = "N", defaultValue = "3", description = "Untimed first iterations (default ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--memory", paramLabel = "N", arity = "0..1", fallbackValue = "500",
                description = {"Log the resident memory (VmRSS) every N iterations (default 500 when given",
                        "without N) and print the first and last report and their ratio."})
        Integer memoryEvery;

        @Option(names = "--reuse-batch", description = {"Train every iteration on the first batch: the step alone, without",
                "the loader's work (what bench/unet2d_step_pytorch.py times)."})
        boolean reuseBatch;

        @Override
        public Integer call() {
            Path tmp = tempDir();
            Config cfg = common.load(file);
            int total = iters + warmup;
            cfg.withOverride("training.iter_max=" + total).withOverride("training.iter_valid=" + (total + 1))
                    .withOverride("training.iter_save=None").withOverride("training.ckpt_dir=" + tmp)
                    .withOverride("training.early_stop_patience=None");
            CheckedConfig.require(cfg, spec.commandLine().getErr());
            StepTiming t;
            var out = spec.commandLine().getOut();
            MemoryLog mem = memoryEvery == null ? null : new MemoryLog(Math.max(1, memoryEvery), out);
            try (SegmentationTrainer trainer = TrainingRun.trainer(cfg, false)) {
                if (mem != null) {
                    trainer.setStepListener(mem::afterStep);
                }
                trainer.setReuseFirstBatch(reuseBatch);
                t = BenchRunner.train(trainer, warmup);
            } finally {
                deleteTree(tmp);
            }
            if (mem != null) {
                mem.summary();
            }
            spec.commandLine().getOut().printf("train iteration (median of %d%s): %.1f ms = data %.1f + forward %.1f"
                    + " + backward %.1f + update %.1f; data wait %.1f%%%n", iters, reuseBatch ? ", one batch reused" : "",
                    t.totalMs(), t.dataMs(), t.forwardMs(), t.backwardMs(), t.updateMs(), 100 * t.dataMs() / t.totalMs());
            return 0;
        }
    }

    /** Median wall time of a whole inference run divided by its number of cases. */
    @Command(name = "infer", description = "Run inference on the test list and print milliseconds per case.")
    static final class Infer implements Callable<Integer> {
        @Mixin
        ConfigOptions common;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "CONFIG", description = ConfigOptions.CONFIG)
        Path file;

        @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = "Timed runs (default ${DEFAULT-VALUE}).")
        int repeats;

        @Override
        public Integer call() {
            Path tmp = tempDir();
            try {
                Config cfg = common.load(file).withOverride("testing.output_dir=" + tmp);
                CheckedConfig.require(cfg, spec.commandLine().getErr());
                int[] cases = new int[1];
                double ms = BenchRunner.inferMs(() -> cases[0] = Predictor.run(cfg).size(), 1, repeats);
                spec.commandLine().getOut().printf("inference: %.1f ms per case (%d cases, median of %d runs)%n",
                        ms / Math.max(1, cases[0]), cases[0], repeats);
            } finally {
                deleteTree(tmp);
            }
            return 0;
        }
    }

    /** Resident memory every {@code every} iterations, from /proc/self/status (Linux). */
    static final class MemoryLog {
        private final int every;
        private final java.io.PrintWriter out;
        private int firstIt = -1;
        private long firstKb;
        private int lastIt;
        private long lastKb;

        MemoryLog(int every, java.io.PrintWriter out) {
            this.every = every;
            this.out = out;
        }

        void afterStep(int it) {
            if (it % every != 0) {
                return;
            }
            long kb = rssKb();
            if (firstIt < 0) {
                firstIt = it;
                firstKb = kb;
            }
            lastIt = it;
            lastKb = kb;
            out.printf("memory: iteration %d rss %.1f MB%n", it, kb / 1024.0);
            out.flush();
        }

        void summary() {
            if (firstIt < 0 || firstKb <= 0) {
                out.println("memory: no report (fewer iterations than --memory, or no /proc/self/status)");
                return;
            }
            out.printf("memory: rss %.1f MB at iteration %d, %.1f MB at iteration %d, ratio %.3f%n",
                    firstKb / 1024.0, firstIt, lastKb / 1024.0, lastIt, (double) lastKb / firstKb);
        }

        /** VmRSS in kB, or -1 when unavailable. */
        static long rssKb() {
            try {
                return parseVmRssKb(Files.readAllLines(Path.of("/proc/self/status")));
            } catch (IOException | UncheckedIOException e) {
                return -1;
            }
        }

        static long parseVmRssKb(java.util.List<String> status) {
            for (String line : status) {
                if (line.startsWith("VmRSS:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]);
                }
            }
            return -1;
        }
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("pymic-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a temporary folder
        }
    }

}
