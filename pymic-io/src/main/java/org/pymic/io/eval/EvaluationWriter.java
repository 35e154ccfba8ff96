package org.pymic.io.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.pymic.core.metrics.LabelGroup;
import org.pymic.core.metrics.LabelScores;
import org.pymic.core.metrics.Summary;
import org.pymic.io.image.AtomicFiles;

/**
 * Writes an {@link EvaluationResult}, each file atomically (temporary file, then moved into place).
 *
 * <p>CSV: header {@code case,<metric>_<label>,...,segmentation,ground_truth}; one row per case, whose
 * last two cells are the absolute paths of the two files compared (so that a later reader, such as
 * {@code pymic report}, finds them wherever the segmentations were written); then rows {@code mean}
 * and {@code std} (population std over cases, NaN left out) and {@code excluded} (how many NaN values
 * each column's mean and std left out), with empty path cells. Undefined values are written
 * {@code nan}, as numpy does.
 *
 * <p>JSON Lines: one object per case and label group, e.g.
 * {@code {"case":"a.nii.gz","label":"1+2","dice":0.91,"hd95":null}}. JSON has no NaN, so an
 * undefined value is written as {@code null}. The label is the group name (labels joined with '+').
 */
public final class EvaluationWriter {
    /** The header of the column holding each case's segmentation file. */
    public static final String SEGMENTATION_COLUMN = "segmentation";
    /** The header of the column holding each case's ground-truth file. */
    public static final String GROUND_TRUTH_COLUMN = "ground_truth";

    private static final ObjectMapper JSON = new ObjectMapper();

    private EvaluationWriter() {
    }

    public static void writeCsv(EvaluationResult r, Path path) {
        StringBuilder sb = new StringBuilder("case");
        for (String c : r.columns()) {
            sb.append(',').append(c);
        }
        sb.append(',').append(SEGMENTATION_COLUMN).append(',').append(GROUND_TRUTH_COLUMN).append('\n');
        for (CaseResult c : r.cases()) {
            sb.append(quote(c.pair().name()));
            for (double v : r.row(c)) {
                sb.append(',').append(number(v));
            }
            sb.append(',').append(quote(absolute(c.pair().segmentation())))
                    .append(',').append(quote(absolute(c.pair().groundTruth()))).append('\n');
        }
        int n = r.columns().size();
        double[] mean = new double[n];
        double[] std = new double[n];
        double[] excluded = new double[n];
        int k = 0;
        for (String m : r.metrics()) {
            for (LabelGroup g : r.groups()) {
                Summary s = r.summary(m, g);
                mean[k] = s.mean();
                std[k] = s.std();
                excluded[k++] = s.excluded();
            }
        }
        appendRow(sb, "mean", mean, false);
        appendRow(sb, "std", std, false);
        appendRow(sb, "excluded", excluded, true);
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(path, out -> out.write(bytes));
    }

    private static void appendRow(StringBuilder sb, String name, double[] values, boolean integer) {
        sb.append(name);
        for (double v : values) {
            sb.append(',').append(integer ? Long.toString((long) v) : number(v));
        }
        sb.append(",,\n");
    }

    private static String absolute(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }

    public static void writeJsonLines(EvaluationResult r, Path path) {
        byte[] bytes = toJsonLines(r).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(path, out -> out.write(bytes));
    }

    /**
     * The JSON Lines text: one object per case and label group, each ending in a newline: {@code case},
     * {@code label}, one member per metric (null for NaN or infinity), then the absolute {@code segmentation}
     * and {@code ground_truth} paths, as the CSV's columns.
     */
    public static String toJsonLines(EvaluationResult r) {
        StringBuilder sb = new StringBuilder();
        for (CaseResult c : r.cases()) {
            for (LabelScores s : c.scores()) {
                ObjectNode o = JSON.createObjectNode();
                o.put("case", c.pair().name());
                o.put("label", s.group().name());
                s.values().forEach((m, v) -> {
                    if (Double.isNaN(v) || Double.isInfinite(v)) {
                        o.putNull(m);
                    } else {
                        o.put(m, v);
                    }
                });
                o.put(SEGMENTATION_COLUMN, absolute(c.pair().segmentation()));
                o.put(GROUND_TRUTH_COLUMN, absolute(c.pair().groundTruth()));
                try {
                    sb.append(JSON.writeValueAsString(o)).append('\n');
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return sb.toString();
    }

    /** A number as Java prints it (shortest round-trip form), NaN as {@code nan}. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.toString(v);
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
