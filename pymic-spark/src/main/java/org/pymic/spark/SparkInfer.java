package org.pymic.spark;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pymic.core.config.Config;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.io.data.CaseList;
import org.pymic.train.infer.Segmenter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pymic spark infer CONFIG}: the cases of {@code [dataset] test_csv} (or {@code --cases CSV}, or
 * every image of {@code --folder DIR}) split into partitions; each executor JVM opens one
 * {@link Segmenter} per config (the checkpoint loaded once) and segments its cases with the code path of
 * {@code pymic infer}, the case's index in the list seeding random test transforms as there. Outputs go
 * through Hadoop's FileSystem API to {@code [testing] output_dir} (a local path or any Hadoop URI), each
 * file under a temporary name renamed into place, the label map last. A case whose label map exists is
 * skipped, so a re-run finishes what an interrupted one left. A case that fails is reported in the table
 * and does not stop the job. The per-case table (index, case, status, seconds, output, error) is written
 * as Parquet and CSV.
 */
@Command(name = "infer", description = {"Segment a cohort on Spark: the config's test list, a CSV or a folder.",
        "Same outputs as pymic infer; a per-case table (status, time, output, error) as Parquet and CSV."})
final class SparkInfer implements Callable<Integer> {
    static final StructType SCHEMA = new StructType()
            .add("index", DataTypes.IntegerType, false)
            .add("case", DataTypes.StringType, false)
            .add("status", DataTypes.StringType, false)
            .add("seconds", DataTypes.DoubleType, false)
            .add("output", DataTypes.StringType, true)
            .add("error", DataTypes.StringType, true);

    /** Status of a case segmented by this run. */
    static final String OK = "ok";
    /** Status of a case whose label map existed already. */
    static final String SKIPPED = "skipped";
    /** Status of a case that failed; the error column says why. */
    static final String FAILED = "failed";

    @Mixin
    SparkMain.SparkOptions sparkOptions;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", description = "PyMIC config file (INI, or JSON), read by the driver and every executor.")
    Path file;

    @Option(names = "--set", paramLabel = "SECTION.KEY=VALUE",
            description = "Override a config value, as for pymic infer (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--cases", paramLabel = "CSV", description = "Segment the cases of this CSV instead of [dataset] test_csv.")
    Path casesCsv;

    @Option(names = "--folder", paramLabel = "DIR", description = "Segment every image file of this folder instead.")
    Path folder;

    @Option(names = "--output", paramLabel = "DIR", description = "Output folder or Hadoop URI (default [testing] output_dir).")
    String output;

    @Option(names = "--table", paramLabel = "DIR", description = "Folder of the per-case table (default: <output>-cases).")
    String table;

    /** One case to segment: its index in the list, the CSV row and name, its images and output file name. */
    record CaseTask(int index, int row, String name, List<String> images, String outputName)
            implements java.io.Serializable {
    }

    @Override
    public Integer call() {
        ConfigRef ref = ConfigRef.of(file, overrides);
        Config config = ref.load();
        if (casesCsv != null && folder != null) {
            throw new PymicException(ExitCode.USAGE, "spark infer: give --cases or --folder, not both");
        }
        String list;
        CaseList cases;
        if (folder != null) {
            cases = folderCases(folder);
            list = folder.toAbsolutePath().toString();
        } else {
            cases = casesCsv != null ? Segmenter.caseList(config, casesCsv) : Segmenter.testCases(config);
            list = cases.csv().toString();
        }
        String out = output != null ? output : config.section("testing").requireString("output_dir");
        String tableDir = table != null ? table : stripSlash(out) + "-cases";
        List<CaseTask> tasks = tasks(config, cases);
        SparkSession spark = sparkOptions.session("infer");
        try {
            List<Row> rows = run(spark, ref, list, out, tasks, sparkOptions.partitions(spark, tasks.size()));
            writeTable(spark, rows, SCHEMA, tableDir, "cases");
            report(rows, tableDir);
        } finally {
            if (spark.sparkContext().isLocal()) {
                closeSegmenters();
            }
        }
        return 0;
    }

    static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Every image file of a folder, one case each, in name order. */
    static CaseList folderCases(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PymicException(ExitCode.INPUT, dir + ": not a folder");
        }
        List<CaseList.Case> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isRegularFile).filter(SparkInfer::isImage)
                    .sorted(Comparator.comparing(Path::toString)).toList()) {
                out.add(new CaseList.Case(out.size() + 1, p.getFileName().toString(), List.of(p.toAbsolutePath()), null, null));
            }
        } catch (java.io.IOException e) {
            throw new PymicException(ExitCode.INPUT, dir + ": cannot list: " + e.getMessage());
        }
        return CaseList.of(dir, out);
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".nii") || n.endsWith(".nii.gz") || n.endsWith(".mha") || n.endsWith(".mhd")
                || n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp")
                || n.endsWith(".h5");
    }

    /** The tasks of a case list; two cases writing one file are refused before anything runs. */
    static List<CaseTask> tasks(Config config, CaseList cases) {
        List<CaseTask> tasks = new ArrayList<>();
        Map<String, CaseList.Case> seen = new HashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            CaseList.Case c = cases.get(i);
            String name = Segmenter.outputName(config, c.images().get(0));
            CaseList.Case before = seen.putIfAbsent(name, c);
            if (before != null) {
                throw new PymicException(ExitCode.DATA, cases.csv() + ": rows " + before.row() + " (" + before.images().get(0)
                        + ") and " + c.row() + " (" + c.images().get(0) + ") would both be written to " + name
                        + ": rename one, or set [testing] filename_replace_source and filename_replace_target;"
                        + " nothing was written");
            }
            tasks.add(new CaseTask(i, c.row(), c.name(), c.images().stream().map(Path::toString).toList(), name));
        }
        return tasks;
    }

    /** Segments the tasks on the cluster; returns one row per case, in list order. */
    static List<Row> run(SparkSession spark, ConfigRef ref, String list, String out, List<CaseTask> tasks, int partitions) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Map<String, String> hadoop = hadoopSettings(spark);
        List<Row> rows = new ArrayList<>(jsc.parallelize(tasks, partitions)
                .mapPartitions(it -> segmentAll(it, ref, list, out, hadoop))
                .collect());
        rows.sort(Comparator.comparingInt(r -> r.getInt(0)));
        return rows;
    }

    static Map<String, String> hadoopSettings(SparkSession spark) {
        Map<String, String> m = new HashMap<>();
        for (Map.Entry<String, String> e : spark.sparkContext().hadoopConfiguration()) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    static Configuration hadoopConf(Map<String, String> settings) {
        Configuration c = new Configuration(false);
        settings.forEach(c::set);
        return c;
    }

    /** The segmenters of this JVM, one per config: an executor loads each checkpoint once. */
    private static final Map<String, Segmenter> SEGMENTERS = new ConcurrentHashMap<>();

    static Segmenter segmenter(ConfigRef ref) {
        return SEGMENTERS.computeIfAbsent(ref.key(), k -> Segmenter.open(ref.load()));
    }

    /** Frees the segmenters of this JVM (local mode, at the end of a command). */
    static void closeSegmenters() {
        SEGMENTERS.values().forEach(Segmenter::close);
        SEGMENTERS.clear();
    }

    private static Iterator<Row> segmentAll(Iterator<CaseTask> it, ConfigRef ref, String list, String out,
                                            Map<String, String> hadoop) {
        Configuration conf = hadoopConf(hadoop);
        List<Row> rows = new ArrayList<>();
        while (it.hasNext()) {
            rows.add(segmentOne(it.next(), ref, list, out, conf));
        }
        return rows.iterator();
    }

    static Row segmentOne(CaseTask t, ConfigRef ref, String list, String out, Configuration conf) {
        long t0 = System.nanoTime();
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(OutputFiles.path(out), t.outputName());
        Path local = null;
        try {
            if (OutputFiles.exists(target, conf)) {
                return RowFactory.create(t.index(), t.name(), SKIPPED, seconds(t0), target.toString(), null);
            }
            Segmenter s = segmenter(ref);
            CaseList.Case c = new CaseList.Case(t.row(), t.name(), t.images().stream().map(Path::of).toList(), null, null);
            Segmenter.Result r = s.segment(Path.of(list), c, t.index());
            local = Files.createTempDirectory("pymic-spark-");
            s.write(r, local.resolve(t.outputName()));
            OutputFiles.publish(local, t.outputName(), target.getParent(), conf);
            return RowFactory.create(t.index(), t.name(), OK, seconds(t0), target.toString(), null);
        } catch (Exception | LinkageError e) {
            String msg = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            return RowFactory.create(t.index(), t.name(), FAILED, seconds(t0), null, msg);
        } finally {
            OutputFiles.deleteLocal(local);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A table as Parquet ({@code <dir>/<name>.parquet}) and CSV with a header ({@code <dir>/<name>.csv}), one part file each. */
    static void writeTable(SparkSession spark, List<Row> rows, StructType schema, String dir, String name) {
        Dataset<Row> df = spark.createDataFrame(rows, schema).coalesce(1);
        String base = stripSlash(dir) + "/" + name;
        df.write().mode(SaveMode.Overwrite).parquet(base + ".parquet");
        df.write().mode(SaveMode.Overwrite).option("header", "true").csv(base + ".csv");
    }

    private void report(List<Row> rows, String tableDir) {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long ok = rows.stream().filter(r -> OK.equals(r.getString(2))).count();
        long skipped = rows.stream().filter(r -> SKIPPED.equals(r.getString(2))).count();
        long failed = rows.stream().filter(r -> FAILED.equals(r.getString(2))).count();
        for (Row r : rows) {
            if (FAILED.equals(r.getString(2))) {
                err.println("pymic spark infer: " + r.getString(1) + ": " + r.getString(5));
            }
        }
        o.printf("%d cases: %d segmented, %d skipped (output exists), %d failed; table %s/cases.parquet and cases.csv%n",
                rows.size(), ok, skipped, failed, stripSlash(tableDir));
        o.flush();
        err.flush();
    }
}
