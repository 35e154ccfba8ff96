package org.pymic.core.label;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Confident learning (Northcutt et al., "Confident learning: estimating uncertainty in dataset labels",
 * JAIR 2021) as cleanlab 1.0.1's {@code get_noise_indices(s, psx, prune_method='both')}, which PyMIC's
 * CL-SLSR applies to the pixels of a trained model's predictions over the training set. For {@code M}
 * examples with given labels {@code s} and predicted probabilities {@code p} (M x K):
 * <ol>
 *   <li>per-class thresholds {@code t_k = mean(p_k | s = k)} (the mean self-confidence);</li>
 *   <li>the confident joint {@code C[i][j]}: examples labelled {@code i} whose confident class is
 *       {@code j}, where the confident classes are those with {@code p_j >= t_j - 1e-6} and, if several,
 *       the one of largest probability (examples with none are not counted); calibrated to the label
 *       counts, {@code C[i][j] / sum_j C[i][j] * n_i}, scaled to sum to {@code M} and rounded per row
 *       keeping the row totals ({@link #roundPreservingSum});</li>
 *   <li>the prune counts {@code P = C^T} with every diagonal raised to at least 5 and the column's other
 *       non-zero counts lowered by as much ({@link #keepAtLeast});</li>
 *   <li>pruning by class: among examples labelled {@code k} (only classes with more than 5), those with
 *       {@code p_k} below the {@code (n_k - P[k][k])}-th smallest {@code p_k} (0-based);</li>
 *   <li>pruning by noise rate: among examples labelled {@code k}, for each {@code j != k} with
 *       {@code P[j][k] > 0}, those whose margin {@code p_j - p_k} is at least the {@code P[j][k]}-th
 *       largest;</li>
 *   <li>flagged: both rules agree, and the predicted class (arg-max) differs from the label.</li>
 * </ol>
 * Ties are broken as a stable sort would. Partition indices beyond the examples are clamped (cleanlab
 * would fail there).
 */
public final class ConfidentLearning {
    /** cleanlab's {@code MIN_NUM_PER_CLASS}: classes with this many labels or fewer are not pruned. */
    public static final int MIN_PER_CLASS = 5;

    private ConfidentLearning() {
    }

    /** What confident learning found: thresholds, calibrated joint, prune counts and the flagged examples. */
    public record Result(double[] thresholds, long[][] confidentJoint, long[][] pruneCounts, boolean[] noisy) {
        public int flagged() {
            int n = 0;
            for (boolean b : noisy) {
                n += b ? 1 : 0;
            }
            return n;
        }
    }

    /**
     * The label issues of {@code labels} (M values in 0..K-1) given probabilities {@code probs}
     * (M x K, row-major: example {@code i}, class {@code k} at {@code i * K + k}).
     */
    public static Result find(int[] labels, float[] probs, int k) {
        int m = labels.length;
        if (probs.length != (long) m * k) {
            throw new IllegalArgumentException("probabilities: expected " + m + " x " + k + " values, got " + probs.length);
        }
        long[] counts = new long[k];
        for (int s : labels) {
            if (s < 0 || s >= k) {
                throw new IllegalArgumentException("label " + s + " outside 0.." + (k - 1));
            }
            counts[s]++;
        }
        double[] t = thresholds(labels, probs, k, counts);
        long[][] cj = calibrate(confidentJoint(labels, probs, k, t), counts);
        long[][] pcm = keepAtLeast(transpose(cj), MIN_PER_CLASS);
        boolean[] byClass = new boolean[m];
        boolean[] byRate = new boolean[m];
        for (int c = 0; c < k; c++) {
            if (counts[c] <= MIN_PER_CLASS) {
                continue;
            }
            int[] idx = indicesOf(labels, c, (int) counts[c]);
            // prune by class
            float[] pc = new float[idx.length];
            for (int i = 0; i < idx.length; i++) {
                pc[i] = probs[idx[i] * k + c];
            }
            float[] sorted = pc.clone();
            Arrays.sort(sorted);
            int numErrors = (int) Math.max(0, Math.min(idx.length - 1, counts[c] - pcm[c][c]));
            float rank = sorted[numErrors];
            for (int i = 0; i < idx.length; i++) {
                if (pc[i] < rank) {
                    byClass[idx[i]] = true;
                }
            }
            // prune by noise rate
            for (int j = 0; j < k; j++) {
                long n2p = pcm[j][c];
                if (j == c || n2p <= 0) {
                    continue;
                }
                float[] margin = new float[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    margin[i] = probs[idx[i] * k + j] - probs[idx[i] * k + c];
                }
                float[] ms = margin.clone();
                Arrays.sort(ms);
                int pos = (int) Math.min(idx.length, n2p) - 1;
                float threshold = ms[ms.length - 1 - pos];
                for (int i = 0; i < idx.length; i++) {
                    if (margin[i] >= threshold) {
                        byRate[idx[i]] = true;
                    }
                }
            }
        }
        boolean[] noisy = new boolean[m];
        for (int i = 0; i < m; i++) {
            noisy[i] = byClass[i] && byRate[i] && argmax(probs, i, k) != labels[i];
        }
        return new Result(t, cj, pcm, noisy);
    }

    private static int[] indicesOf(int[] labels, int c, int n) {
        int[] idx = new int[n];
        int j = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == c) {
                idx[j++] = i;
            }
        }
        return idx;
    }

    /** The first class of largest probability of example {@code i}. */
    static int argmax(float[] probs, int i, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (probs[i * k + c] > probs[i * k + best]) {
                best = c;
            }
        }
        return best;
    }

    /** {@code t_k = mean(p_k | s = k)}; NaN for a class without labels (then never confident). */
    static double[] thresholds(int[] labels, float[] probs, int k, long[] counts) {
        double[] sum = new double[k];
        for (int i = 0; i < labels.length; i++) {
            sum[labels[i]] += probs[i * k + labels[i]];
        }
        double[] t = new double[k];
        for (int c = 0; c < k; c++) {
            t[c] = counts[c] == 0 ? Double.NaN : sum[c] / counts[c];
        }
        return t;
    }

    /** The raw confident joint: rows the given label, columns the confident class. */
    static long[][] confidentJoint(int[] labels, float[] probs, int k, double[] t) {
        long[][] cj = new long[k][k];
        for (int i = 0; i < labels.length; i++) {
            int confident = -1;
            int n = 0;
            for (int c = 0; c < k; c++) {
                if (probs[i * k + c] >= t[c] - 1e-6) {
                    if (n == 0) {
                        confident = c;
                    }
                    n++;
                }
            }
            if (n == 0) {
                continue;
            }
            cj[labels[i]][n > 1 ? argmax(probs, i, k) : confident]++;
        }
        return cj;
    }

    /** cleanlab's {@code calibrate_confident_joint}: rows scaled to the label counts, the total to M, rounded per row. */
    static long[][] calibrate(long[][] cj, long[] counts) {
        int k = cj.length;
        double[][] cal = new double[k][k];
        double total = 0;
        long m = 0;
        for (int i = 0; i < k; i++) {
            long row = 0;
            for (long v : cj[i]) {
                row += v;
            }
            for (int j = 0; j < k; j++) {
                cal[i][j] = row == 0 ? 0 : (double) cj[i][j] / row * counts[i];
                total += cal[i][j];
            }
            m += counts[i];
        }
        long[][] out = new long[k][];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                cal[i][j] = total == 0 ? 0 : cal[i][j] / total * m;
            }
            out[i] = roundPreservingSum(cal[i]);
        }
        return out;
    }

    /**
     * cleanlab's {@code round_preserving_sum}: values rounded half to even, then moved by one until the
     * integers sum to the rounded sum of the values: up where {@code value - integer} is largest (rounded
     * down most), down where it is smallest (rounded up most), ties in index order as numpy's argsort of a
     * short row takes them ({@code argsort(floats - ints)[::-increment]}).
     */
    static long[] roundPreservingSum(double[] v) {
        int n = v.length;
        double[] ints = new double[n];
        double origSum = 0;
        for (int i = 0; i < n; i++) {
            ints[i] = Math.rint(v[i]);
            origSum += v[i];
        }
        origSum = Math.rint(origSum);
        double intSum = Math.rint(Arrays.stream(ints).sum());
        while (Math.abs(intSum - origSum) > 1e-6) {
            double diff = Math.rint(origSum - intSum);
            int inc = diff < 0 ? -1 : 1;
            int changes = (int) Math.min(Math.abs(diff), n);
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble(i -> v[i] - ints[i]));
            for (int c = 0; c < changes; c++) {
                ints[inc > 0 ? order[n - 1 - c] : order[c]] += inc;
            }
            intSum = Math.rint(Arrays.stream(ints).sum());
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = (long) ints[i];
        }
        return out;
    }

    /**
     * cleanlab's {@code keep_at_least_n_per_class} (with {@code frac_noise = 1}): each diagonal count raised
     * to at least {@code n}, the column's other non-zero counts lowered evenly by the increase (not below
     * zero), then truncated to integers.
     */
    static long[][] keepAtLeast(long[][] pcm, int n) {
        int k = pcm.length;
        long[][] out = new long[k][k];
        for (int j = 0; j < k; j++) {
            long diag = pcm[j][j];
            long newDiag = Math.max(diag, n);
            int nonZero = 0;
            for (int i = 0; i < k; i++) {
                nonZero += pcm[i][j] != 0 ? 1 : 0;
            }
            double per = (double) (newDiag - diag) / Math.max(nonZero - 1, 1);
            for (int i = 0; i < k; i++) {
                out[i][j] = i == j ? newDiag : (long) Math.max(0, pcm[i][j] - per);
            }
        }
        return out;
    }

    static long[][] transpose(long[][] a) {
        long[][] t = new long[a.length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }
}
