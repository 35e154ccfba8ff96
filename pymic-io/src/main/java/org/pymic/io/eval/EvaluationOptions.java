package org.pymic.io.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigEntry;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.metrics.LabelGroup;
import org.pymic.core.metrics.Metric;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;

/**
 * What to evaluate and where to write it: ground truth and segmentation (files or folders; several
 * segmentation folders are evaluated one after the other, as PyMIC does), an optional pairs CSV,
 * label groups, metrics, optional label conversions, and the output names.
 *
 * <p>Outputs for a segmentation source S (its folder, or the parent folder of a single file):
 * the CSV is {@code output_name} when set (with several sources, its file name inside each S),
 * else {@code S/<organ_name>_eval.csv} or {@code S/eval.csv}; the JSON Lines file is the CSV path
 * with {@code .jsonl} in place of {@code .csv}.
 */
public final class EvaluationOptions {
    private final Path groundTruth;
    private final List<Path> segmentations;
    private final Path pairsCsv;
    private final List<LabelGroup> labels;
    private final List<Metric> metrics;
    private final String organName;
    private final Path outputName;
    private final int[][] gtConvert;
    private final int[][] segConvert;

    private EvaluationOptions(Builder b) {
        this.groundTruth = b.groundTruth;
        this.segmentations = List.copyOf(b.segmentations);
        this.pairsCsv = b.pairsCsv;
        this.labels = List.copyOf(b.labels);
        this.metrics = List.copyOf(b.metrics);
        this.organName = b.organName;
        this.outputName = b.outputName;
        this.gtConvert = b.gtConvert;
        this.segConvert = b.segConvert;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options from PyMIC's {@code [evaluation]} section: {@code metric_list} (or the older
     * {@code metric}), {@code label_list} (ints; a nested list is a label group) or
     * {@code class_number} (labels 1..n-1), {@code label_fuse}, {@code ground_truth_folder} (or
     * {@code ground_truth_folder_root}), {@code segmentation_folder} (or
     * {@code segmentation_folder_root}; a string or a list), {@code evaluation_image_pair},
     * {@code organ_name}, {@code output_name}, and {@code ground_truth_label_convert_source/target},
     * {@code segmentation_label_convert_source/target}.
     */
    public static EvaluationOptions fromConfig(Config config) {
        ConfigSection s = config.section("evaluation");
        Builder b = builder();
        String metricKey = s.has("metric_list") ? "metric_list" : "metric";
        List<String> names = s.getStringList(metricKey);
        if (names == null || names.isEmpty()) {
            throw PymicException.config(s.location() + ": [evaluation] needs metric_list (e.g. [dice, hd95])");
        }
        String where = where(s, metricKey);
        for (String n : names) {
            try {
                b.metric(metric(n));
            } catch (PymicException e) {
                throw new PymicException(e.exitCode(), where + ": " + e.getMessage());
            }
        }
        List<LabelGroup> groups;
        if (s.has("label_list")) {
            groups = LabelGroup.parse(s.get("label_list"), where(s, "label_list"));
        } else if (s.has("class_number")) {
            int n = s.requireInt("class_number");
            groups = IntStream.range(1, n).mapToObj(LabelGroup::of).toList();
        } else {
            throw PymicException.config(s.location() + ": [evaluation] needs label_list (or class_number)");
        }
        if (s.getBool("label_fuse", false)) {
            groups = List.of(new LabelGroup(groups.stream().flatMapToInt(g -> IntStream.of(g.labels()))
                    .distinct().toArray()));
        }
        b.labels(groups);
        String gt = s.has("ground_truth_folder") ? s.getString("ground_truth_folder", null)
                : s.getString("ground_truth_folder_root", null);
        if (gt != null) {
            b.groundTruth(Path.of(gt));
        }
        List<String> segs = s.has("segmentation_folder") ? s.getStringList("segmentation_folder")
                : s.getStringList("segmentation_folder_root");
        if (segs != null) {
            segs.forEach(x -> b.segmentation(Path.of(x)));
        }
        if (s.has("evaluation_image_pair")) {
            b.pairsCsv(Path.of(s.getString("evaluation_image_pair", null)));
        }
        if (gt == null && !s.has("evaluation_image_pair")) {
            throw PymicException.config(s.location() + ": [evaluation] needs ground_truth_folder");
        }
        if (segs == null || segs.isEmpty()) {
            throw PymicException.config(s.location() + ": [evaluation] needs segmentation_folder");
        }
        b.organName(s.getString("organ_name", null));
        if (s.has("output_name")) {
            b.outputName(Path.of(s.getString("output_name", null)));
        }
        b.groundTruthConvert(convert(s, "ground_truth_label_convert"));
        b.segmentationConvert(convert(s, "segmentation_label_convert"));
        return b.build();
    }

    private static String where(ConfigSection s, String key) {
        return s.entry(key).map(ConfigEntry::location).orElse(s.location()) + ": [evaluation] " + key;
    }

    private static int[][] convert(ConfigSection s, String prefix) {
        int[] src = s.getIntArray(prefix + "_source");
        int[] dst = s.getIntArray(prefix + "_target");
        if (src == null || dst == null) {
            return null;
        }
        if (src.length != dst.length) {
            throw PymicException.config(where(s, prefix + "_target") + " must have as many values as "
                    + prefix + "_source (" + src.length + "), got " + dst.length);
        }
        return new int[][] {src, dst};
    }

    /** The registered metric of that name (unknown names fail with the nearest known ones). */
    public static Metric metric(String name) {
        return Registry.global().require(ComponentKind.METRIC, name).create(Params.empty(name));
    }

    /** These options with the per-case CSV written to {@code csv} (the --out option). */
    public EvaluationOptions withOutput(Path csv) {
        Builder b = builder().groundTruth(groundTruth).pairsCsv(pairsCsv).labels(labels).organName(organName)
                .outputName(csv).groundTruthConvert(gtConvert).segmentationConvert(segConvert);
        segmentations.forEach(b::segmentation);
        metrics.forEach(b::metric);
        return b.build();
    }

    public Path groundTruth() {
        return groundTruth;
    }

    public List<Path> segmentations() {
        return segmentations;
    }

    public Path pairsCsv() {
        return pairsCsv;
    }

    public List<LabelGroup> labels() {
        return labels;
    }

    public List<Metric> metrics() {
        return metrics;
    }

    public String organName() {
        return organName;
    }

    /** {source labels, target labels} applied to the ground truth before evaluation, or null. */
    public int[][] groundTruthConvert() {
        return gtConvert;
    }

    /** {source labels, target labels} applied to the segmentation before evaluation, or null. */
    public int[][] segmentationConvert() {
        return segConvert;
    }

    /** The CSV written for one segmentation source. */
    public Path csvPath(Path segmentation) {
        Path folder = java.nio.file.Files.isDirectory(segmentation) ? segmentation
                : segmentation.toAbsolutePath().getParent();
        if (outputName != null) {
            return segmentations.size() > 1 ? folder.resolve(outputName.getFileName().toString()) : outputName;
        }
        return folder.resolve(organName == null ? "eval.csv" : organName + "_eval.csv");
    }

    /** The JSON Lines file written for one segmentation source: the CSV path ending in .jsonl. */
    public Path jsonPath(Path segmentation) {
        Path csv = csvPath(segmentation);
        String n = csv.getFileName().toString();
        String base = n.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? n.substring(0, n.length() - 4) : n;
        return csv.resolveSibling(base + ".jsonl");
    }

    /** Builder of {@link EvaluationOptions}: ground truth, at least one segmentation, labels and metrics. */
    public static final class Builder {
        private Path groundTruth;
        private final List<Path> segmentations = new ArrayList<>();
        private Path pairsCsv;
        private final List<LabelGroup> labels = new ArrayList<>();
        private final List<Metric> metrics = new ArrayList<>();
        private String organName;
        private Path outputName;
        private int[][] gtConvert;
        private int[][] segConvert;

        private Builder() {
        }

        /** Ground-truth file or folder. */
        public Builder groundTruth(Path p) {
            this.groundTruth = p;
            return this;
        }

        /** A segmentation file or folder (call again for more folders). */
        public Builder segmentation(Path p) {
            segmentations.add(p);
            return this;
        }

        /** A pairs CSV (header, then ground truth, segmentation names). */
        public Builder pairsCsv(Path p) {
            this.pairsCsv = p;
            return this;
        }

        public Builder labels(List<LabelGroup> groups) {
            labels.addAll(groups);
            return this;
        }

        /** Single labels, each its own group. */
        public Builder labels(int... values) {
            for (int v : values) {
                labels.add(LabelGroup.of(v));
            }
            return this;
        }

        public Builder metric(Metric m) {
            metrics.add(m);
            return this;
        }

        /** Metrics by PyMIC name. */
        public Builder metrics(String... names) {
            for (String n : names) {
                metrics.add(EvaluationOptions.metric(n));
            }
            return this;
        }

        public Builder organName(String name) {
            this.organName = name;
            return this;
        }

        public Builder outputName(Path p) {
            this.outputName = p;
            return this;
        }

        public Builder groundTruthConvert(int[][] sourceTarget) {
            this.gtConvert = sourceTarget;
            return this;
        }

        public Builder segmentationConvert(int[][] sourceTarget) {
            this.segConvert = sourceTarget;
            return this;
        }

        public EvaluationOptions build() {
            if (segmentations.isEmpty() && pairsCsv == null) {
                throw PymicException.config("evaluation: no segmentation file or folder given");
            }
            if (labels.isEmpty()) {
                throw PymicException.config("evaluation: no labels given");
            }
            if (metrics.isEmpty()) {
                throw new PymicException(ExitCode.CONFIG, "evaluation: no metrics given");
            }
            if (segmentations.isEmpty()) {
                segmentations.add(Path.of(""));
            }
            return new EvaluationOptions(this);
        }
    }

    /**
     * Labels as given on the command line ({@code --label 1,2 --label 1+2}): integers, or groups of them
     * joined by {@code +}; anything else is a usage error.
     */
    public static List<LabelGroup> parseLabels(List<String> tokens) {
        List<LabelGroup> groups = new java.util.ArrayList<>();
        for (String t : tokens) {
            try {
                groups.add(LabelGroup.of(java.util.Arrays.stream(t.trim().split("\\+"))
                        .mapToInt(s -> Integer.parseInt(s.trim())).toArray()));
            } catch (NumberFormatException e) {
                throw new org.pymic.core.error.PymicException(org.pymic.core.error.ExitCode.USAGE,
                        "--label expects integers or groups like 1+2, got '" + t + "'");
            }
        }
        return groups;
    }
}
