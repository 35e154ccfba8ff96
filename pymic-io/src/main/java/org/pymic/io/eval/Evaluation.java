package org.pymic.io.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.label.Grid;
import org.pymic.core.metrics.LabelEvaluator;
import org.pymic.core.metrics.LabelScores;
import org.pymic.core.metrics.Metric;
import org.pymic.io.image.ImageFiles;

/**
 * Evaluation of segmentation files against ground-truth files (PyMIC's {@code pymic_eval_seg}):
 * pairs cases ({@link CasePairs}), reads both label images, checks that they have the same shape
 * and spacing, computes every metric for every label group ({@link LabelEvaluator}), and writes
 * a CSV and a JSON Lines file per segmentation source ({@link EvaluationWriter}).
 *
 * <pre>{@code
 * EvaluationOptions o = EvaluationOptions.builder().groundTruth(gtDir).segmentation(segDir)
 *     .labels(1, 2).metrics("dice", "hd95").build();
 * List<EvaluationResult> r = Evaluation.withFiles().run(o);
 * }</pre>
 */
public final class Evaluation {
    /** Relative tolerance of the spacing check (headers often store float32 values). */
    static final double SPACING_TOLERANCE = 1e-4;

    private final Function<Path, Volume> reader;

    /** An evaluation that reads images with {@code reader} (tests give in-memory volumes). */
    public Evaluation(Function<Path, Volume> reader) {
        this.reader = reader;
    }

    /** An evaluation that reads image files with {@link ImageFiles#read}. */
    public static Evaluation withFiles() {
        return new Evaluation(ImageFiles::read);
    }

    /** Evaluates every segmentation source and writes its CSV and JSON Lines files; returns the results. */
    public List<EvaluationResult> run(EvaluationOptions o) {
        List<EvaluationResult> out = new ArrayList<>();
        for (Path seg : o.segmentations()) {
            EvaluationResult r = evaluate(o, seg);
            EvaluationWriter.writeCsv(r, o.csvPath(seg));
            EvaluationWriter.writeJsonLines(r, o.jsonPath(seg));
            out.add(r);
        }
        return out;
    }

    /** Evaluates one segmentation source (file or folder) without writing anything. */
    public EvaluationResult evaluate(EvaluationOptions o, Path segmentation) {
        List<CasePair> pairs = CasePairs.resolve(o.groundTruth(), segmentation, o.pairsCsv());
        List<CaseResult> cases = new ArrayList<>();
        for (CasePair p : pairs) {
            cases.add(new CaseResult(p, evaluateCase(p, o)));
        }
        return new EvaluationResult(segmentation, o.metrics().stream().map(Metric::metricName).toList(),
                o.labels(), cases);
    }

    /** Scores of one case. */
    public List<LabelScores> evaluateCase(CasePair p, EvaluationOptions o) {
        Volume gt = reader.apply(p.groundTruth());
        Volume seg = reader.apply(p.segmentation());
        check(gt, seg, p);
        int[] g = convert(LabelEvaluator.toLabels(gt.data()), o.groundTruthConvert());
        int[] s = convert(LabelEvaluator.toLabels(seg.data()), o.segmentationConvert());
        return LabelEvaluator.evaluate(s, g, Grid.of(gt), o.labels(), o.metrics());
    }

    /** Same shape (one channel) and spacing, or a DATA error naming both files. */
    static void check(Volume gt, Volume seg, CasePair p) {
        String both = "ground truth " + p.groundTruth() + " and segmentation " + p.segmentation();
        if (!Arrays.equals(gt.shape(), seg.shape())) {
            throw new PymicException(ExitCode.DATA, both + " differ in shape (C,D,H,W): "
                    + Arrays.toString(gt.shape()) + " vs " + Arrays.toString(seg.shape()));
        }
        if (gt.channels() != 1) {
            throw new PymicException(ExitCode.DATA, both + " have " + gt.channels()
                    + " channels; label images must have one");
        }
        double[] a = gt.spacing();
        double[] b = seg.spacing();
        for (int i = 0; i < 3; i++) {
            if (i == 2 && gt.depth() == 1) {
                continue; // 2D images: the z spacing plays no part
            }
            if (Math.abs(a[i] - b[i]) > SPACING_TOLERANCE * Math.max(Math.abs(a[i]), Math.abs(b[i]))) {
                throw new PymicException(ExitCode.DATA, both + " differ in spacing (x,y,z): "
                        + Arrays.toString(a) + " vs " + Arrays.toString(b));
            }
        }
    }

    private static int[] convert(int[] labels, int[][] sourceTarget) {
        if (sourceTarget == null) {
            return labels;
        }
        int[] out = labels.clone();
        for (int k = 0; k < sourceTarget[0].length; k++) {
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == sourceTarget[0][k]) {
                    out[i] = sourceTarget[1][k];
                }
            }
        }
        return out;
    }
}
