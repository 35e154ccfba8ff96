package org.pymic.spark;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pymic.core.config.Config;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.io.eval.EvaluationWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pymic spark sweep CONFIG --grid training.learning_rate=0.01,0.001 --seeds 1,2 --out DIR}: every
 * combination of the grid's values and the seeds is one run, one Spark task each. A run trains, infers and
 * evaluates ({@link SweepRun}) in a child JVM of its own, with {@code OMP_NUM_THREADS} = {@code
 * --cores-per-run} (Spark gives the task as many cores: {@code spark.task.cpus}), under {@code
 * DIR/run-K/}: {@code model/} (ckpt_save_dir and testing ckpt_dir), {@code result/} (output_dir and the
 * evaluation's segmentation_folder), {@code eval.csv}, {@code run.log}. One table gathers every run
 * (run, run_dir, overrides, seed, status, seconds, metric, label, mean, std, eval_csv, error) as Parquet and
 * CSV under {@code DIR/sweep.parquet} and {@code DIR/sweep.csv}; the runs' folders and eval CSVs are the
 * inputs of {@code pymic report}'s comparison.
 */
@Command(name = "sweep", description = {"Train, segment and evaluate a grid of --set overrides x seeds on Spark, one run per task.",
        "Each run in a child JVM with its own ckpt_dir and cores; one table of all runs (Parquet and CSV)."})
final class SparkSweep implements Callable<Integer> {
    @Mixin
    SparkMain.SparkOptions sparkOptions;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", description = "PyMIC training config (with [testing], and [evaluation] for the metrics).")
    Path file;

    @Option(names = "--set", paramLabel = "SECTION.KEY=VALUE", description = "Override a config value in every run (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--grid", paramLabel = "SECTION.KEY=V1,V2,...",
            description = "Values of one key to sweep (repeatable: the grid is every combination); commas inside [...] stay in a value.")
    List<String> grid = new ArrayList<>();

    @Option(names = "--seeds", split = ",", paramLabel = "S", description = "Seeds ([training] random_seed), comma-separated (default: the config's).")
    List<Long> seeds = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "sweep", description = "Folder of the runs and the table (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--cores-per-run", paramLabel = "N", defaultValue = "1", description = "Cores of each run (its task's spark.task.cpus and OMP_NUM_THREADS; default ${DEFAULT-VALUE}).")
    int coresPerRun;

    @Option(names = "--run-memory", paramLabel = "SIZE", defaultValue = "4g", description = "Java heap of each run's JVM (default ${DEFAULT-VALUE}).")
    String runMemory;

    static final StructType SCHEMA = new StructType()
            .add("run", DataTypes.StringType, false)
            .add("run_dir", DataTypes.StringType, false)
            .add("overrides", DataTypes.StringType, false)
            .add("seed", DataTypes.LongType, true)
            .add("status", DataTypes.StringType, false)
            .add("seconds", DataTypes.DoubleType, false)
            .add("metric", DataTypes.StringType, true)
            .add("label", DataTypes.StringType, true)
            .add("mean", DataTypes.DoubleType, true)
            .add("std", DataTypes.DoubleType, true)
            .add("eval_csv", DataTypes.StringType, true)
            .add("error", DataTypes.StringType, true);

    /** One run: its name and folder, the grid point's overrides, its seed and the full override list. */
    record RunTask(String name, String dir, List<String> point, Long seed, List<String> sets, boolean evaluate,
                   String config, int cores, String memory) implements Serializable {
    }

    @Override
    public Integer call() throws IOException {
        if (coresPerRun < 1) {
            throw new PymicException(ExitCode.USAGE, "--cores-per-run must be at least 1");
        }
        Path cfgFile = file.toAbsolutePath().normalize();
        Config config = ConfigRef.of(cfgFile, overrides).load();
        boolean evaluate = config.hasSection("evaluation");
        Path root = out.toAbsolutePath().normalize();
        Files.createDirectories(root);
        List<List<String>> points = points(grid);
        List<Long> runSeeds = seeds.isEmpty() ? java.util.Collections.singletonList(null) : seeds;
        List<RunTask> tasks = new ArrayList<>();
        for (List<String> point : points) {
            for (Long seed : runSeeds) {
                String name = "run-" + (tasks.size() + 1);
                Path dir = root.resolve(name);
                List<String> sets = new ArrayList<>(overrides);
                sets.addAll(point);
                if (seed != null) {
                    sets.add("training.random_seed=" + seed);
                }
                sets.add("training.ckpt_save_dir=" + dir.resolve("model"));
                sets.add("testing.ckpt_dir=" + dir.resolve("model"));
                sets.add("testing.output_dir=" + dir.resolve("result"));
                if (evaluate) {
                    sets.add("evaluation.segmentation_folder=" + dir.resolve("result"));
                    sets.add("evaluation.output_name=" + dir.resolve("eval.csv"));
                }
                tasks.add(new RunTask(name, dir.toString(), point, seed, sets, evaluate, cfgFile.toString(),
                        coresPerRun, runMemory));
            }
        }
        List<String> conf = new ArrayList<>(sparkOptions.conf);
        conf.add(0, "spark.task.cpus=" + coresPerRun);
        sparkOptions.conf = conf;
        SparkSession spark = sparkOptions.session("sweep");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Row> rows = new ArrayList<>(jsc.parallelize(tasks, tasks.size()).flatMap(t -> runOne(t).iterator()).collect());
        rows.sort(Comparator.comparingInt(r -> Integer.parseInt(r.getString(0).substring("run-".length()))));
        SparkInfer.writeTable(spark, rows, SCHEMA, root.toString(), "sweep");
        print(rows, root);
        return 0;
    }

    /** Every combination of the grid's values, as lists of {@code section.key=value} overrides. */
    static List<List<String>> points(List<String> grid) {
        List<List<String>> points = new ArrayList<>();
        points.add(List.of());
        for (String g : grid) {
            int eq = g.indexOf('=');
            if (eq <= 0 || g.indexOf('.') < 0 || g.indexOf('.') > eq) {
                throw new PymicException(ExitCode.USAGE, "--grid expects section.key=v1,v2,..., got '" + g + "'");
            }
            String key = g.substring(0, eq).trim();
            List<String> values = splitValues(g.substring(eq + 1));
            if (values.isEmpty()) {
                throw new PymicException(ExitCode.USAGE, "--grid " + key + ": no values");
            }
            List<List<String>> next = new ArrayList<>();
            for (List<String> p : points) {
                for (String v : values) {
                    List<String> q = new ArrayList<>(p);
                    q.add(key + "=" + v);
                    next.add(q);
                }
            }
            points = next;
        }
        return points;
    }

    /** Values separated by commas outside brackets: {@code 0.1,[1, 2],3} is three values. */
    static List<String> splitValues(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().trim());
        }
        out.removeIf(String::isEmpty);
        return out;
    }

    /** Runs one task's child JVM; returns its rows (one per metric and label, or one row saying why not). */
    static List<Row> runOne(RunTask t) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Path dir = Path.of(t.dir());
        Files.createDirectories(dir);
        Path log = dir.resolve("run.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + t.memory());
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(SweepRun.class.getName());
        cmd.add(t.config());
        cmd.add(Boolean.toString(t.evaluate()));
        cmd.addAll(t.sets());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("OMP_NUM_THREADS", Integer.toString(t.cores()));
        env.put("MKL_NUM_THREADS", Integer.toString(t.cores()));
        Process p = pb.start();
        int code = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        String overrides = String.join("; ", t.point());
        List<Row> rows = new ArrayList<>();
        if (code != 0) {
            rows.add(RowFactory.create(t.name(), t.dir(), overrides, t.seed(), "failed in " + lastStage(log),
                    seconds, null, null, null, null, null, "exit code " + code + ": " + lastError(log)));
            return rows;
        }
        if (!t.evaluate()) {
            rows.add(RowFactory.create(t.name(), t.dir(), overrides, t.seed(), "ok", seconds,
                    null, null, null, null, null, null));
            return rows;
        }
        Path csv = dir.resolve("eval.csv");
        for (String[] s : summaries(csv)) {
            rows.add(RowFactory.create(t.name(), t.dir(), overrides, t.seed(), "ok", seconds, s[0], s[1],
                    parse(s[2]), parse(s[3]), csv.toString(), null));
        }
        return rows;
    }

    private static Double parse(String v) {
        return "nan".equalsIgnoreCase(v) ? Double.NaN : Double.valueOf(v);
    }

    /** (metric, label, mean, std) of every column of a pymic eval CSV. */
    static List<String[]> summaries(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(",");
        String[] mean = null;
        String[] std = null;
        for (String l : lines) {
            if (l.startsWith("mean,")) {
                mean = l.split(",");
            } else if (l.startsWith("std,")) {
                std = l.split(",");
            }
        }
        if (mean == null || std == null) {
            throw new PymicException(ExitCode.DATA, csv + ": no mean and std rows");
        }
        List<String[]> out = new ArrayList<>();
        for (int i = 1; i < header.length; i++) {
            if (header[i].equals(EvaluationWriter.SEGMENTATION_COLUMN)
                    || header[i].equals(EvaluationWriter.GROUND_TRUTH_COLUMN)) {
                continue; // the files each case compared, not a metric
            }
            int u = header[i].indexOf('_');
            out.add(new String[] {header[i].substring(0, u), header[i].substring(u + 1), mean[i], std[i]});
        }
        return out;
    }

    private static String lastStage(Path log) throws IOException {
        String stage = "start";
        for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (l.startsWith(SweepRun.STAGE)) {
                stage = l.substring(SweepRun.STAGE.length()).trim();
            }
        }
        return stage;
    }

    private static String lastError(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("pymic: ")) {
                return lines.get(i).substring("pymic: ".length());
            }
        }
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }

    /**
     * The class path of this JVM for the child: {@code java.class.path} and, on a cluster, the jars
     * Spark added to the task's class loader (spark-submit's jars).
     */
    static String classPath() {
        Set<String> parts = new LinkedHashSet<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (ClassLoader cl = Thread.currentThread().getContextClassLoader(); cl != null; cl = cl.getParent()) {
            if (cl instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        try {
                            parts.add(Path.of(url.toURI()).toString());
                        } catch (java.net.URISyntaxException e) {
                            // not a local file
                        }
                    }
                }
            }
        }
        parts.removeIf(String::isEmpty);
        return String.join(File.pathSeparator, parts);
    }

    private void print(List<Row> rows, Path root) {
        PrintWriter o = spec.commandLine().getOut();
        Set<String> runs = new LinkedHashSet<>();
        List<String> evalCsvs = new ArrayList<>();
        long failed = 0;
        for (Row r : rows) {
            if (runs.add(r.getString(0))) {
                if (r.getString(4).startsWith("failed")) {
                    failed++;
                    spec.commandLine().getErr().println("pymic spark sweep: " + r.getString(0) + " " + r.getString(4)
                            + ": " + r.getString(11) + " (log " + r.getString(1) + "/run.log)");
                } else if (!r.isNullAt(10)) {
                    evalCsvs.add(r.getString(10));
                }
            }
        }
        o.printf("%d runs, %d failed; table %s/sweep.parquet and sweep.csv%n", runs.size(), failed, root);
        for (Row r : rows) {
            if (!r.isNullAt(6)) {
                o.printf("%-8s %-40s seed %-6s %-6s %-6s %.4f +- %.4f%n", r.getString(0), r.getString(2),
                        r.isNullAt(3) ? "-" : Long.toString(r.getLong(3)), r.getString(6), r.getString(7),
                        r.getDouble(8), r.getDouble(9));
            }
        }
        if (!evalCsvs.isEmpty()) {
            StringBuilder sb = new StringBuilder("compare: pymic report");
            for (String c : evalCsvs) {
                sb.append(' ').append(Path.of(c).getParent().resolve("model"));
            }
            for (String c : evalCsvs) {
                sb.append(" --eval ").append(c);
            }
            o.println(sb);
        }
        o.flush();
        spec.commandLine().getErr().flush();
    }
}
