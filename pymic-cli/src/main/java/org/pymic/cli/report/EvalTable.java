package org.pymic.cli.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.metrics.Summary;
import org.pymic.io.eval.EvaluationWriter;

/**
 * A per-case evaluation CSV as {@code pymic eval} writes it: header {@code case,<metric>_<label>,...}
 * (since the files are recorded, then {@code segmentation,ground_truth}: the files compared), one row
 * per case, then the summary rows {@code mean}, {@code std} and {@code excluded}. Older files without
 * the two path columns are read as well: their cases then have no recorded files. The summary
 * rows of the file are not read: mean and std are computed again from the case rows (population std,
 * undefined values left out, as {@code eval} does), so a table edited by hand still adds up.
 */
public final class EvalTable {
    private static final Set<String> SUMMARY_ROWS = Set.of("mean", "std", "excluded");
    private static final String SEG = EvaluationWriter.SEGMENTATION_COLUMN;
    private static final String GT = EvaluationWriter.GROUND_TRUTH_COLUMN;

    /** A column: the metric and label group its header names ({@code dice_1} is dice of label 1). */
    public record Column(String header, String metric, String label) {
    }

    private final Path file;
    private final List<Column> columns;
    private final List<String> cases;
    private final double[][] values;
    private final Path[] segmentations;
    private final Path[] groundTruths;

    private EvalTable(Path file, List<Column> columns, List<String> cases, double[][] values, Path[] segmentations,
                      Path[] groundTruths) {
        this.file = file;
        this.columns = columns;
        this.cases = cases;
        this.values = values;
        this.segmentations = segmentations;
        this.groundTruths = groundTruths;
    }

    public static EvalTable read(Path file) {
        List<List<String>> rows = Csv.read(file);
        List<String> header = rows.get(0);
        if (header.size() < 2 || !header.get(0).equals("case")) {
            throw new PymicException(ExitCode.INPUT, file + ": not an evaluation CSV of pymic eval "
                    + "(expected a header case,<metric>_<label>,...)");
        }
        List<Column> cols = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 1; i < header.size(); i++) {
            String h = header.get(i);
            if (h.equals(SEG) || h.equals(GT)) {
                continue;
            }
            int u = h.lastIndexOf('_');
            cols.add(u > 0 ? new Column(h, h.substring(0, u), h.substring(u + 1)) : new Column(h, h, ""));
            at.add(i);
        }
        int segAt = header.indexOf(SEG);
        int gtAt = header.indexOf(GT);
        List<List<String>> body = new ArrayList<>(rows.subList(1, rows.size()));
        while (!body.isEmpty() && SUMMARY_ROWS.contains(body.get(body.size() - 1).get(0))) {
            body.remove(body.size() - 1);
        }
        List<String> names = new ArrayList<>();
        double[][] v = new double[body.size()][cols.size()];
        Path[] segs = new Path[body.size()];
        Path[] gts = new Path[body.size()];
        for (int r = 0; r < body.size(); r++) {
            List<String> row = body.get(r);
            names.add(row.get(0));
            for (int c = 0; c < cols.size(); c++) {
                v[r][c] = at.get(c) < row.size() ? Csv.number(row.get(at.get(c))) : Double.NaN;
            }
            segs[r] = path(file, row, segAt);
            gts[r] = path(file, row, gtAt);
        }
        return new EvalTable(file, List.copyOf(cols), List.copyOf(names), v, segs, gts);
    }

    /** A recorded file: a relative path is taken relative to the CSV's folder; an empty or absent cell is null. */
    private static Path path(Path csv, List<String> row, int at) {
        if (at < 0 || at >= row.size() || row.get(at).isBlank()) {
            return null;
        }
        Path p = Path.of(row.get(at).strip());
        Path folder = csv.toAbsolutePath().getParent();
        return p.isAbsolute() || folder == null ? p : folder.resolve(p);
    }

    public Path file() {
        return file;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<String> cases() {
        return cases;
    }

    /** The segmentation file {@code pymic eval} recorded for this case, or null (older CSVs record none). */
    public Path segmentation(int caseIndex) {
        return segmentations[caseIndex];
    }

    /** The ground-truth file {@code pymic eval} recorded for this case, or null. */
    public Path groundTruth(int caseIndex) {
        return groundTruths[caseIndex];
    }

    public double value(int caseIndex, int column) {
        return values[caseIndex][column];
    }

    /** The values of one column, one per case. */
    public double[] column(int column) {
        double[] out = new double[cases.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = values[r][column];
        }
        return out;
    }

    /** The index of the column with this header, or -1. */
    public int indexOf(String header) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).header().equals(header)) {
                return i;
            }
        }
        return -1;
    }

    public Summary summary(int column) {
        return Summary.of(column(column));
    }

    /** Metric names in column order, each once. */
    public List<String> metrics() {
        Set<String> s = new LinkedHashSet<>();
        columns.forEach(c -> s.add(c.metric()));
        return List.copyOf(s);
    }

    /** Label group names in column order, each once. */
    public List<String> labels() {
        Set<String> s = new LinkedHashSet<>();
        columns.forEach(c -> s.add(c.label()));
        return List.copyOf(s);
    }

    /**
     * Per case, the mean Dice over the label groups (undefined values left out); NaN for a case
     * without a defined Dice, and for every case when the table has no Dice column.
     */
    public double[] meanDicePerCase() {
        int[] dice = IntStream.range(0, columns.size()).filter(i -> columns.get(i).metric().equals("dice")).toArray();
        double[] out = new double[cases.size()];
        for (int r = 0; r < out.length; r++) {
            double s = 0;
            int n = 0;
            for (int c : dice) {
                if (!Double.isNaN(values[r][c])) {
                    s += values[r][c];
                    n++;
                }
            }
            out[r] = n == 0 ? Double.NaN : s / n;
        }
        return out;
    }

    /**
     * The worst, median and best case by mean Dice (cases without one left out): indices into
     * {@link #cases()}, fewer when there are fewer than three cases, none without Dice.
     */
    public List<Integer> worstMedianBest() {
        double[] d = meanDicePerCase();
        List<Integer> order = IntStream.range(0, d.length).filter(i -> !Double.isNaN(d[i])).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> d[i]).thenComparing(i -> cases.get(i))).toList();
        if (order.isEmpty()) {
            return List.of();
        }
        Set<Integer> picked = new LinkedHashSet<>(List.of(order.get(0), order.get((order.size() - 1) / 2),
                order.get(order.size() - 1)));
        return List.copyOf(picked);
    }
}
