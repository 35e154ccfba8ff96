package org.pymic.spark;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.pymic.cli.Main;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pymic spark}: cohort inference, evaluation and method sweeps on Apache Spark. Run locally through
 * the launcher ({@code ./pymic spark infer ...}, Spark in local mode, {@code --master local[*]} by default)
 * or with {@code spark-submit --class org.pymic.spark.SparkMain} on a cluster, where the master comes from
 * spark-submit (see docs/scale.md).
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = {"Cohort inference, evaluation and method sweeps on Apache Spark (local mode or a cluster)."},
        subcommands = {SparkInfer.class, SparkEval.class, SparkSweep.class},
        footer = {"", "Exit codes as pymic's: 0 ok, 2 usage, 3 config, 4 input file, 5 data mismatch, 7 cannot write.",
                "Details: docs/scale.md."})
public final class SparkMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = run(args);
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
        System.exit(code);
    }

    /** Runs {@code pymic spark ...} and returns the exit code (used by tests). */
    public static int run(String... args) {
        quietLibraries();
        CommandLine cli = new CommandLine(new SparkMain());
        cli.setUsageHelpWidth(100);
        cli.setExecutionExceptionHandler((ex, cmd, parse) -> {
            Throwable t = ex;
            while (!(t instanceof PymicException) && t.getCause() != null && t != t.getCause()) {
                t = t.getCause();
            }
            if (t instanceof PymicException p) {
                cmd.getErr().println("pymic spark: " + p.getMessage());
                return p.exitCode().code();
            }
            ex.printStackTrace(cmd.getErr());
            return ExitCode.FAILURE.code();
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Spark, Hadoop and Parquet log at WARN; pymic's own messages stay at the launcher's level. */
    static void quietLibraries() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            for (String name : List.of("org.apache.spark", "org.sparkproject", "org.apache.hadoop",
                    "org.apache.parquet", "io.netty", "org.apache.spark.util.Utils")) {
                ctx.getLogger(name).setLevel(Level.WARN);
            }
        }
    }

    /** Options every Spark command takes. */
    static final class SparkOptions {
        @Option(names = "--master", paramLabel = "URL",
                description = "Spark master (default: the one spark-submit gives, else local[*]), e.g. local[2].")
        String master;

        @Option(names = "--partitions", paramLabel = "N",
                description = "Partitions of the case list (default: Spark's default parallelism).")
        Integer partitions;

        @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting (repeatable).")
        List<String> conf = new ArrayList<>();

        SparkSession session(String app) {
            SparkSession.Builder b = SparkSession.builder().appName("pymic " + app);
            String m = master != null ? master : System.getProperty("spark.master") != null ? null : "local[*]";
            if (m != null) {
                b.master(m);
            }
            if (m != null && m.startsWith("local")) {
                b.config("spark.ui.enabled", "false");
                b.config("spark.sql.shuffle.partitions", "4");
            }
            for (String c : conf) {
                int eq = c.indexOf('=');
                if (eq <= 0) {
                    throw new PymicException(ExitCode.USAGE, "--conf expects KEY=VALUE, got '" + c + "'");
                }
                b.config(c.substring(0, eq), c.substring(eq + 1));
            }
            return b.getOrCreate();
        }

        int partitions(SparkSession s, int items) {
            int p = partitions != null ? partitions : s.sparkContext().defaultParallelism();
            return Math.max(1, Math.min(p, Math.max(1, items)));
        }
    }

    /** The pymic command line of the same version, for the child JVMs of sweeps. */
    static Class<?> pymicMain() {
        return Main.class;
    }
}
