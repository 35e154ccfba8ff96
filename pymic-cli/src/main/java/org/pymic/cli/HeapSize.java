package org.pymic.cli;

import java.nio.file.Path;
import org.pymic.core.config.Config;
import org.pymic.train.MemoryPlan;
import picocli.CommandLine;

/**
 * Prints the {@code -Xmx} option for a {@code pymic} command line ({@link MemoryPlan}): the launcher runs
 * this first and starts the command's JVM with it. Prints nothing for commands without a plan (everything
 * but train, infer and bench train/infer) and for command lines or configs that do not resolve: the
 * command itself then reports the problem, under the launcher's default heap.
 */
public final class HeapSize {
    private HeapSize() {
    }

    public static void main(String[] args) {
        try {
            MemoryPlan plan = plan(args);
            if (plan != null) {
                // training keeps the whole heap from the start: the collector would otherwise grow it step by
                // step over the first thousands of iterations, which reads as a leak in the resident memory
                System.out.println(plan.training() ? "-Xms" + plan.heapMb() + "m " + plan.xmx() : plan.xmx());
                if (System.getenv("PYMIC_HEAP_VERBOSE") != null) {
                    System.err.println("pymic: " + plan);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            if (System.getenv("PYMIC_HEAP_VERBOSE") != null) {
                System.err.println("pymic: no heap plan: " + e);
            }
        }
    }

    /** The plan of the command line, or null when the command has none. */
    static MemoryPlan plan(String... args) {
        CommandLine.ParseResult r = Main.commandLine().parseArgs(args);
        while (r.hasSubcommand()) {
            r = r.subcommand();
        }
        Object cmd = r.commandSpec().userObject();
        if (r.isUsageHelpRequested() || r.isVersionHelpRequested()) {
            return null;
        }
        if (cmd instanceof TrainCommand t) {
            return MemoryPlan.training(load(t.common, t.file));
        }
        if (cmd instanceof BenchCommand.Train t) {
            return MemoryPlan.training(load(t.common, t.file));
        }
        if (cmd instanceof InferCommand i) {
            return MemoryPlan.inference(load(i.common, i.file));
        }
        if (cmd instanceof BenchCommand.Infer i) {
            return MemoryPlan.inference(load(i.common, i.file));
        }
        return null;
    }

    private static Config load(ConfigOptions common, Path file) {
        return common.load(file);
    }
}
