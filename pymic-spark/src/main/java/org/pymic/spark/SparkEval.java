package org.pymic.spark;

import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pymic.cli.EvalInputs;
import org.pymic.core.metrics.LabelGroup;
import org.pymic.core.metrics.LabelScores;
import org.pymic.core.metrics.Metric;
import org.pymic.core.metrics.Summary;
import org.pymic.io.eval.CasePair;
import org.pymic.io.eval.CasePairs;
import org.pymic.io.eval.Evaluation;
import org.pymic.io.eval.EvaluationOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pymic spark eval}: the metrics of {@code pymic eval} (same options: CONFIG with an
 * {@code [evaluation]} section, or {@code --gt/--seg/--pairs}, {@code --metric}, {@code --label}) with the
 * cases spread over the executors. The table has one row per segmentation source, case and label group
 * ({@code segmentation, case, label}, then one column per metric), then per source and label the rows
 * {@code mean}, {@code std} and {@code excluded} computed as {@code pymic eval} computes them (NaN values
 * left out and counted); written as Parquet and CSV.
 */
@Command(name = "eval", description = {"Evaluate a cohort's segmentations on Spark: the metrics of pymic eval per case and label.",
        "A DataFrame with summary rows (mean, std, excluded), written as Parquet and CSV."})
final class SparkEval implements Callable<Integer> {
    @Mixin
    SparkMain.SparkOptions sparkOptions;

    @Spec
    CommandSpec spec;

    @Option(names = "--set", paramLabel = "SECTION.KEY=VALUE", description = "Override a config value (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Mixin
    EvalInputs inputs;

    @Option(names = "--table", paramLabel = "DIR", description = "Folder of the table (default: <segmentation folder>-eval).")
    String table;

    /** What the executors rebuild the evaluation options from. */
    record Args(ConfigRef config, List<String> metrics, List<String> labels, String gt, String seg, String pairs)
            implements Serializable {
        EvaluationOptions options() {
            if (config != null) {
                return EvaluationOptions.fromConfig(config.load());
            }
            return EvalInputs.builder(metrics, labels, Path.of(gt), seg == null ? null : Path.of(seg),
                    pairs == null ? null : Path.of(pairs)).build();
        }
    }

    /** One case of one segmentation source. */
    record EvalTask(int source, String segmentation, int index, String name, String groundTruth, String file)
            implements Serializable {
    }

    @Override
    public Integer call() {
        Args args = args();
        EvaluationOptions o = args.options();
        List<EvalTask> tasks = new ArrayList<>();
        for (int s = 0; s < o.segmentations().size(); s++) {
            Path source = o.segmentations().get(s);
            List<CasePair> ps = CasePairs.resolve(o.groundTruth(), source, o.pairsCsv());
            for (int i = 0; i < ps.size(); i++) {
                CasePair p = ps.get(i);
                tasks.add(new EvalTask(s, source.toString(), i, p.name(), p.groundTruth().toString(),
                        p.segmentation().toString()));
            }
        }
        String tableDir = table != null ? table : SparkInfer.stripSlash(o.segmentations().get(0).toString()) + "-eval";
        SparkSession spark = sparkOptions.session("eval");
        List<Row> rows = evaluate(spark, args, tasks, sparkOptions.partitions(spark, tasks.size()));
        List<String> names = o.metrics().stream().map(Metric::metricName).toList();
        List<Row> all = withSummaries(rows, o, names);
        SparkInfer.writeTable(spark, all, schema(names), tableDir, "eval");
        print(all, names, tableDir);
        return 0;
    }

    private Args args() {
        if (inputs.fromConfig("spark eval")) {
            return new Args(ConfigRef.of(inputs.config, overrides), List.of(), List.of(), null, null, null);
        }
        return new Args(null, inputs.metrics, inputs.labels, abs(inputs.gt), abs(inputs.seg), abs(inputs.pairs));
    }

    private static String abs(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize().toString();
    }

    static StructType schema(List<String> metricNames) {
        StructType t = new StructType()
                .add("segmentation", DataTypes.StringType, false)
                .add("case", DataTypes.StringType, false)
                .add("label", DataTypes.StringType, false);
        for (String m : metricNames) {
            t = t.add(m, DataTypes.DoubleType, true);
        }
        return t;
    }

    /** Rows (source, index, label index, segmentation, case, label, values...) of every case, in order. */
    static List<Row> evaluate(SparkSession spark, Args args, List<EvalTask> tasks, int partitions) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Row> rows = new ArrayList<>(jsc.parallelize(tasks, partitions)
                .mapPartitions(it -> evaluateAll(it, args)).collect());
        rows.sort(Comparator.<Row>comparingInt(r -> r.getInt(0)).thenComparingInt(r -> r.getInt(1))
                .thenComparingInt(r -> r.getInt(2)));
        return rows;
    }

    private static Iterator<Row> evaluateAll(Iterator<EvalTask> it, Args args) {
        EvaluationOptions o = args.options();
        Evaluation e = Evaluation.withFiles();
        List<String> names = o.metrics().stream().map(Metric::metricName).toList();
        List<Row> out = new ArrayList<>();
        while (it.hasNext()) {
            EvalTask t = it.next();
            List<LabelScores> scores = e.evaluateCase(new CasePair(t.name(), Path.of(t.groundTruth()), Path.of(t.file())), o);
            for (int g = 0; g < scores.size(); g++) {
                Object[] v = new Object[6 + names.size()];
                v[0] = t.source();
                v[1] = t.index();
                v[2] = g;
                v[3] = t.segmentation();
                v[4] = t.name();
                v[5] = scores.get(g).group().name();
                for (int m = 0; m < names.size(); m++) {
                    v[6 + m] = scores.get(g).get(names.get(m));
                }
                out.add(RowFactory.create(v));
            }
        }
        return out.iterator();
    }

    /** The case rows without their ordering columns, then mean, std and excluded per source and label. */
    static List<Row> withSummaries(List<Row> rows, EvaluationOptions o, List<String> names) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            Object[] v = new Object[3 + names.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.get(3 + i);
            }
            out.add(RowFactory.create(v));
        }
        for (int s = 0; s < o.segmentations().size(); s++) {
            String source = o.segmentations().get(s).toString();
            List<LabelGroup> groups = o.labels();
            for (int g = 0; g < groups.size(); g++) {
                Object[] mean = new Object[3 + names.size()];
                Object[] std = new Object[3 + names.size()];
                Object[] excluded = new Object[3 + names.size()];
                mean[0] = std[0] = excluded[0] = source;
                mean[1] = "mean";
                std[1] = "std";
                excluded[1] = "excluded";
                mean[2] = std[2] = excluded[2] = groups.get(g).name();
                for (int m = 0; m < names.size(); m++) {
                    final int src = s;
                    final int grp = g;
                    final int col = 6 + m;
                    double[] values = rows.stream().filter(r -> r.getInt(0) == src && r.getInt(2) == grp)
                            .mapToDouble(r -> r.getDouble(col)).toArray();
                    Summary sum = Summary.of(values);
                    mean[3 + m] = sum.mean();
                    std[3 + m] = sum.std();
                    excluded[3 + m] = (double) sum.excluded();
                }
                out.add(RowFactory.create(mean));
                out.add(RowFactory.create(std));
                out.add(RowFactory.create(excluded));
            }
        }
        return out;
    }


    private void print(List<Row> all, List<String> names, String tableDir) {
        PrintWriter o = spec.commandLine().getOut();
        long cases = all.stream().filter(r -> !List.of("mean", "std", "excluded").contains(r.getString(1)))
                .map(r -> r.getString(0) + "\u0000" + r.getString(1)).distinct().count();
        o.printf("%d cases evaluated; table %s/eval.parquet and eval.csv%n", cases, SparkInfer.stripSlash(tableDir));
        o.printf("%-8s %-8s %12s %12s%n", "metric", "label", "mean", "std");
        for (int m = 0; m < names.size(); m++) {
            for (Row r : all) {
                if ("mean".equals(r.getString(1))) {
                    Row std = all.get(all.indexOf(r) + 1);
                    o.printf("%-8s %-8s %12.4f %12.4f%n", names.get(m), r.getString(2), r.getDouble(3 + m), std.getDouble(3 + m));
                }
            }
        }
        o.flush();
    }
}
