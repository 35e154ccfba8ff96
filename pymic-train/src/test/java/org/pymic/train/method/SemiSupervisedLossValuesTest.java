package org.pymic.train.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pymic.loss.MaskedDice;

/**
 * The consistency terms of URPC, CCT and MCNet, the masked Dice of BCP and UniMatch, and BCP's masks and
 * pseudo-labels, each against a plain-Java double-precision computation of the published formula on a
 * tiny random case (layout (n, k, h, w), w fastest).
 */
class SemiSupervisedLossValuesTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static float[] random(long seed, int n) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * 1.5);
        }
        return v;
    }

    /** Softmax over k of (n, k, p) in double. */
    private static double[] softmax(float[] x, int n, int k, int p) {
        double[] out = new double[x.length];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < p; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    max = Math.max(max, x[(b * k + c) * p + i]);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    sum += Math.exp(x[(b * k + c) * p + i] - max);
                }
                for (int c = 0; c < k; c++) {
                    out[(b * k + c) * p + i] = Math.exp(x[(b * k + c) * p + i] - max) / sum;
                }
            }
        }
        return out;
    }

    private static double v(NDArray a) {
        return StepContext.scalar(a);
    }

    @Test
    void urpcConsistencyIsTheUncertaintyWeightedPyramidTerm() {
        int n = 2;
        int k = 3;
        int h = 4;
        int w = 4;
        float[] full = random(1, n * k * h * w);
        float[] half = random(2, n * k * (h / 2) * (w / 2));
        NDArray a = manager.create(full, new Shape(n, k, h, w));
        NDArray b = manager.create(half, new Shape(n, k, h / 2, w / 2));
        double got = v(UncertaintyRectifiedPyramidConsistency.pyramidConsistency(List.of(a, b)));
        int p = h * w;
        double[] s0 = softmax(full, n, k, p);
        double[] sHalf = softmax(half, n, k, p / 4);
        double[] s1 = new double[s0.length];
        for (int bb = 0; bb < n; bb++) {
            for (int c = 0; c < k; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        s1[((bb * k + c) * h + y) * w + x] = sHalf[((bb * k + c) * (h / 2) + y / 2) * (w / 2) + x / 2];
                    }
                }
            }
        }
        double[][] scales = {s0, s1};
        double[] avg = new double[s0.length];
        for (int i = 0; i < avg.length; i++) {
            avg[i] = (s0[i] + s1[i]) / 2 * 0.99 + 0.005;
        }
        double expected = 0;
        for (double[] s : scales) {
            double[] var = new double[n * p];
            for (int bb = 0; bb < n; bb++) {
                for (int i = 0; i < p; i++) {
                    for (int c = 0; c < k; c++) {
                        int j = (bb * k + c) * p + i;
                        double pi = s[j] * 0.99 + 0.005;
                        var[bb * p + i] += avg[j] * (Math.log(avg[j]) - Math.log(pi));
                    }
                }
            }
            double sq = 0;
            double ev = 0;
            double mv = 0;
            for (int bb = 0; bb < n; bb++) {
                for (int i = 0; i < p; i++) {
                    double e = Math.exp(-var[bb * p + i]);
                    ev += e;
                    mv += var[bb * p + i];
                    for (int c = 0; c < k; c++) {
                        int j = (bb * k + c) * p + i;
                        double pi = s[j] * 0.99 + 0.005;
                        sq += (avg[j] - pi) * (avg[j] - pi) * e;
                    }
                }
            }
            expected += (sq / (n * k * p)) / (ev / (n * p) + 1e-8) + mv / (n * p);
        }
        expected /= 2;
        assertThat(got).isCloseTo(expected, within(1e-5));
    }

    @Test
    void cctConsistenciesMatchPymicsSoftmaxLosses() {
        int n = 2;
        int k = 3;
        int p = 6;
        float[] aux = random(3, n * k * p);
        double[] t = softmax(random(4, n * k * p), n, k, p);
        float[] tf = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            tf[i] = (float) t[i];
        }
        NDArray a = manager.create(aux, new Shape(n, k, 1, p));
        NDArray tt = manager.create(tf, new Shape(n, k, 1, p));
        double[] q = softmax(aux, n, k, p);
        double mse = 0;
        double kl = 0;
        double js1 = 0;
        double js2 = 0;
        for (int i = 0; i < q.length; i++) {
            mse += (q[i] - t[i]) * (q[i] - t[i]);
            kl += t[i] * (Math.log(t[i]) - Math.log(q[i]));
            double m = (q[i] + t[i]) / 2;
            js1 += m * (Math.log(m) - Math.log(q[i]));
            js2 += m * (Math.log(m) - Math.log(t[i] + 1e-5));
        }
        int count = q.length;
        assertThat(v(CrossConsistencyTraining.consistency("MSE", a, tt))).isCloseTo(mse / count, within(1e-6));
        assertThat(v(CrossConsistencyTraining.consistency("KL", a, tt))).isCloseTo(kl / count, within(1e-6));
        assertThat(v(CrossConsistencyTraining.consistency("JS", a, tt))).isCloseTo((js1 + js2) / count / 2, within(1e-6));
    }

    @Test
    void cctTargetIsSoftmaxedTwiceForMseAndKlAndOnceForJs() {
        // logits (0, ln 3) of two classes: softmax (0.25, 0.75); softmax again (e^0.25, e^0.75) / sum
        NDArray logits = manager.create(new float[] {0f, (float) Math.log(3)}, new Shape(1, 2, 1, 1));
        double hi = Math.exp(0.75) / (Math.exp(0.25) + Math.exp(0.75));
        for (String kind : new String[] {"MSE", "KL"}) {
            float[] t = CrossConsistencyTraining.target(kind, logits).toFloatArray();
            assertThat(t[0]).as(kind).isCloseTo((float) (1 - hi), within(1e-6f));
            assertThat(t[1]).as(kind).isCloseTo((float) hi, within(1e-6f));
        }
        float[] js = CrossConsistencyTraining.target("JS", logits).toFloatArray();
        assertThat(js[0]).isCloseTo(0.25f, within(1e-6f));
        assertThat(js[1]).isCloseTo(0.75f, within(1e-6f));
    }

    @Test
    void mcnetConsistencyPullsEachDecoderToTheOthersSharpenedOutput() {
        int n = 1;
        int k = 2;
        int p = 5;
        float[][] outs = {random(5, n * k * p), random(6, n * k * p), random(7, n * k * p)};
        double temperature = 0.5;
        double[][] prob = new double[3][];
        double[][] sharp = new double[3][];
        for (int i = 0; i < 3; i++) {
            prob[i] = softmax(outs[i], n, k, p);
            sharp[i] = new double[prob[i].length];
            for (int j = 0; j < prob[i].length; j++) {
                double a = Math.pow(prob[i][j], 1 / temperature);
                double b = Math.pow(1 - prob[i][j], 1 / temperature);
                sharp[i][j] = a / (a + b);
            }
        }
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i != j) {
                    double s = 0;
                    for (int e = 0; e < prob[i].length; e++) {
                        s += (prob[i][e] - sharp[j][e]) * (prob[i][e] - sharp[j][e]);
                    }
                    expected += s / prob[i].length;
                }
            }
        }
        List<NDArray> logits = List.of(manager.create(outs[0], new Shape(n, k, 1, p)),
                manager.create(outs[1], new Shape(n, k, 1, p)), manager.create(outs[2], new Shape(n, k, 1, p)));
        assertThat(v(MutualConsistency.mutualConsistency(logits, temperature))).isCloseTo(expected, within(1e-6));
    }

    @Test
    void maskedDiceSumsOverTheBatchPerClassAndIgnoresMaskedPixels() {
        // n = 1, k = 2, 3 pixels; pixel 2 masked out
        float[] p = {0.8f, 0.4f, 0.5f, 0.2f, 0.6f, 0.5f};
        float[] t = {1, 0, 1, 0, 1, 0};
        float[] m = {1, 1, 0};
        double d0 = 1 - (2 * 0.8 + 1e-5) / (0.64 + 0.16 + 1 + 1e-5);
        double d1 = 1 - (2 * 0.6 + 1e-5) / (0.04 + 0.36 + 1 + 1e-5);
        NDArray loss = MaskedDice.loss(manager.create(p, new Shape(1, 2, 1, 3)), manager.create(t, new Shape(1, 2, 1, 3)),
                manager.create(m, new Shape(1, 1, 1, 3)), 1e-5);
        assertThat(v(loss)).isCloseTo((d0 + d1) / 2, within(1e-6));
        NDArray none = MaskedDice.loss(manager.create(p, new Shape(1, 2, 1, 3)), manager.create(t, new Shape(1, 2, 1, 3)),
                manager.zeros(new Shape(1, 1, 1, 3)), 1e-5);
        assertThat(v(none)).isZero();
    }

    @Test
    void bcpBoxCoversTwoThirdsOfEachSideInsideTheImage() {
        for (int i = 0; i < 20; i++) {
            manager.getEngine().setRandomSeed(i);
            float[] m = BidirectionalCopyPaste.boxMask(manager, 12, 9, 2.0 / 3).toFloatArray();
            int inside = 0;
            int minY = 99;
            int maxY = -1;
            int minX = 99;
            int maxX = -1;
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 9; x++) {
                    if (m[y * 9 + x] == 0f) {
                        inside++;
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                    }
                }
            }
            assertThat(inside).isEqualTo(8 * 6);
            assertThat(maxY - minY + 1).isEqualTo(8);
            assertThat(maxX - minX + 1).isEqualTo(6);
        }
    }

    @Test
    void bcpPseudoLabelsKeepTheLargestComponentOfEachClass() {
        // one slice 1 x 6, k = 2: class 1 wins at pixels 0, 2, 3 -> components {0} and {2, 3}; keep {2, 3}
        float[] logits = {1, 0, 1, 1, 0, 1, /* class 1 */ 2, -1, 2, 2, -1, 0};
        NDArray q = BidirectionalCopyPaste.pseudoLabels(manager.create(logits, new Shape(1, 2, 1, 6)));
        assertThat(q.toFloatArray()).containsExactly(1, 1, 0, 0, 1, 1, /* class 1 */ 0, 0, 1, 1, 0, 0);
    }

    @Test
    void bcpMixLossWeighsEachRegionAndNormalisesItsCrossEntropy() {
        int k = 2;
        int p = 4;
        float[] logits = random(8, k * p);
        float[] yOut = {1, 0, 1, 1, 0, 1, 0, 0};
        float[] yBox = {0, 1, 1, 0, 1, 0, 0, 1};
        float[] mask = {1, 1, 0, 0};
        NDArray[] got = BidirectionalCopyPaste.mixLoss(manager.create(logits, new Shape(1, k, 1, p)),
                manager.create(yOut, new Shape(1, k, 1, p)), manager.create(yBox, new Shape(1, k, 1, p)),
                manager.create(mask, new Shape(1, 1, 1, p)), 0.5, 1.0);
        double[] q = softmax(logits, 1, k, p);
        double[] dice = new double[2];
        double[] ce = new double[2];
        float[][] targets = {yOut, yBox};
        for (int r = 0; r < 2; r++) {
            double dsum = 0;
            for (int c = 0; c < k; c++) {
                double inter = 0;
                double den = 0;
                for (int i = 0; i < p; i++) {
                    double m = r == 0 ? mask[i] : 1 - mask[i];
                    double t = targets[r][c * p + i];
                    inter += q[c * p + i] * t * m;
                    den += (q[c * p + i] * q[c * p + i] + t * t) * m;
                }
                dsum += 1 - (2 * inter + 1e-10) / (den + 1e-10);
            }
            dice[r] = dsum / k;
            double num = 0;
            double cnt = 0;
            for (int i = 0; i < p; i++) {
                double m = r == 0 ? mask[i] : 1 - mask[i];
                for (int c = 0; c < k; c++) {
                    num -= m * targets[r][c * p + i] * Math.log(q[c * p + i]);
                }
                cnt += m;
            }
            ce[r] = num / cnt;
        }
        assertThat(v(got[0])).isCloseTo(0.5 * dice[0] + dice[1], within(1e-5));
        assertThat(v(got[1])).isCloseTo(0.5 * ce[0] + ce[1], within(1e-5));
    }

    @Test
    void uniMatchPastesInsideTheBoxOnly() {
        NDArray a = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 1, 4));
        NDArray b = manager.create(new float[] {10, 20, 30, 40}, new Shape(1, 1, 1, 4));
        NDArray box = manager.create(new float[] {0, 1, 1, 0}, new Shape(1, 1, 1, 4));
        assertThat(UniMatch.paste(a, b, box).toFloatArray()).containsExactly(1, 20, 30, 4);
        NDArray[] pc = UniMatch.pseudo(manager.create(new float[] {2, 0, 0, 2}, new Shape(1, 2, 1, 2)));
        double hi = Math.exp(2) / (Math.exp(2) + 1);
        assertThat(pc[0].toFloatArray()).containsExactly(1, 0, 0, 1);
        assertThat(pc[1].toFloatArray()[0]).isCloseTo((float) hi, within(1e-6f));
    }
}
