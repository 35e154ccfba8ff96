package org.pymic.net.cct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Test;
import org.pymic.net.layer.Layers;
import org.pymic.net.layer.Layout;
import org.pymic.net.layer.OpBlock;

/** CCT's feature perturbations against values computed by hand on tiny tensors. */
class PerturbationTest {

    @Test
    void featureDropZeroesWhereTheChannelMeanReachesTheThresholdOfItsSample() {
        try (NDManager m = NDManager.newBaseManager()) {
            // (N=2, C=2, 1, 3); channel means: sample 0 [1, 1, 2.5] (max 2.5), sample 1 [-2, 4, 3] (max 4)
            NDArray x = m.create(new float[] {1, 2, 3, 1, 0, 2, -1, 4, 3, -3, 4, 3}, new Shape(2, 2, 1, 3));
            // u = 0.75: thresholds 1.875 and 3; a position is kept only where its mean is strictly below
            float[] y = FeatureDrop.apply(x, m.create(new float[] {0.75f})).toFloatArray();
            assertThat(y).containsExactly(1, 2, 0, 1, 0, 0, -1, 0, 0, -3, 0, 0);
        }
    }

    @Test
    void featureDropDrawsItsRatioBetweenPointSevenAndPointNine() {
        try (NDManager m = NDManager.newBaseManager()) {
            // one channel: means 1, 0.95, 0.9 (>= 0.9 max: always dropped), 0.69, 0.5, -1 (< 0.7 max: always kept)
            NDArray x = m.create(new float[] {1f, 0.95f, 0.9f, 0.69f, 0.5f, -1f}, new Shape(1, 1, 2, 3));
            for (int seed = 0; seed < 5; seed++) {
                Engine.getInstance().setRandomSeed(seed);
                assertThat(FeatureDrop.apply(x).toFloatArray()).containsExactly(0f, 0f, 0f, 0.69f, 0.5f, -1f);
            }
        }
    }

    @Test
    void featureNoiseIsProportionalToTheActivation() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {2, -4, 0.5f, 10}, new Shape(2, 1, 1, 2));
            NDArray r = m.create(new float[] {0.25f, -0.5f}, new Shape(1, 1, 1, 2));
            assertThat(FeatureNoise.apply(x, r).toFloatArray()).containsExactly(2.5f, -2f, 0.625f, 5f);
        }
    }

    @Test
    void featureNoiseIsUniformInTheRangeSharedByTheBatchAndSeeded() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(2, 4, 8, 8);
            NDArray x = m.ones(s);
            Engine.getInstance().setRandomSeed(1);
            float[] y = FeatureNoise.apply(x, 0.3, Layout.STANDARD).toFloatArray();
            int half = y.length / 2;
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (int i = 0; i < half; i++) {
                float r = y[i] - 1f;
                assertThat(r).isBetween(-0.3f, 0.3f);
                assertThat(y[half + i]).as("the same noise for every sample").isEqualTo(y[i]);
                min = Math.min(min, r);
                max = Math.max(max, r);
            }
            assertThat(min).isLessThan(-0.27f);
            assertThat(max).isGreaterThan(0.27f);
            Engine.getInstance().setRandomSeed(1);
            NDArray again = FeatureNoise.apply(Layout.channelsLast(x), 0.3, Layout.CHANNELS_LAST);
            assertThat(again.toFloatArray()).as("same seed, same noise in either layout").containsExactly(y);
        }
    }

    @Test
    void dropOutDecodersRelyOnTheDecodersInvertedDropout() {
        // PyMIC's DropOut auxiliary decoder leaves the feature alone: the noise is nn.Dropout(p) in its
        // decoder, which zeroes values with probability p and scales the others by 1 / (1 - p)
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            Block drop = Layers.dropout(0.25);
            NDArray x = m.ones(new Shape(4000));
            float[] y = drop.forward(new ai.djl.training.ParameterStore(m, false), new NDList(x), true).head()
                    .toFloatArray();
            int zeros = 0;
            for (float v : y) {
                assertThat(v).isIn(0f, 1f / 0.75f);
                zeros += v == 0f ? 1 : 0;
            }
            assertThat(zeros / 4000.0).isCloseTo(0.25, within(0.03));
            assertThat(drop.forward(new ai.djl.training.ParameterStore(m, false), new NDList(x), false).head()
                    .toFloatArray()).containsOnly(1f);
        }
    }

    @Test
    void l2NormalisationIsPerSample() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray d = m.create(new float[] {3, 4, 0, 0, 1, 1, 1, 1}, new Shape(2, 1, 2, 2));
            assertThat(VirtualAdversarial.l2Normalize(d).toFloatArray()).containsExactly(
                    new float[] {0.6f, 0.8f, 0, 0, 0.5f, 0.5f, 0.5f, 0.5f}, within(1e-6f));
        }
    }

    /** softmax over the channels of a (N, C, P) array, per sample and position. */
    private static double[] softmax(double[] z, int n, int c, int p) {
        double[] out = new double[z.length];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < p; j++) {
                double sum = 0;
                for (int k = 0; k < c; k++) {
                    sum += Math.exp(z[(s * c + k) * p + j]);
                }
                for (int k = 0; k < c; k++) {
                    out[(s * c + k) * p + j] = Math.exp(z[(s * c + k) * p + j]) / sum;
                }
            }
        }
        return out;
    }

    private static double[] normalise(double[] d, int n) {
        int per = d.length / n;
        double[] out = new double[d.length];
        for (int s = 0; s < n; s++) {
            double sq = 0;
            for (int i = 0; i < per; i++) {
                sq += d[s * per + i] * d[s * per + i];
            }
            for (int i = 0; i < per; i++) {
                out[s * per + i] = d[s * per + i] / (Math.sqrt(sq) + 1e-8);
            }
        }
        return out;
    }

    /**
     * With an identity "decoder" (logits = the feature), KL(p || softmax(x + xi d)) / N has the
     * gradient xi (softmax(x + xi d) - p) / N in d, so each power iteration is
     * d = normalise(softmax(x + xi d) - softmax(x)) per sample.
     */
    @Test
    void vatDirectionIsThePowerIterationOfTheKlGradient() {
        int n = 2;
        int c = 3;
        int p = 2;
        double[] x = {0.5, -1, 2, 0.3, -0.2, 1.5, 1, 1, -1, 0.5, 0, 2};
        double[] d0 = {0.3, -0.2, 0.1, 0.4, -0.5, 0.2, 0.1, 0.1, -0.3, 0.2, 0.25, -0.1};
        double xi = 0.5;
        double[] pred = softmax(x, n, c, p);
        double[] d = normalise(d0, n);
        for (int it = 0; it < 2; it++) {
            double[] z = new double[x.length];
            for (int i = 0; i < z.length; i++) {
                z[i] = x[i] + xi * d[i];
            }
            double[] q = softmax(z, n, c, p);
            double[] g = new double[x.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = xi * (q[i] - pred[i]) / n;
            }
            d = normalise(g, n);
        }
        Block identity = new OpBlock("identity", (a, t) -> a, s -> s);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray feature = m.create(toFloat(x), new Shape(n, c, 1, p));
            NDArray start = m.create(toFloat(d0), new Shape(n, c, 1, p));
            try (NDManager sub = m.newSubManager()) {
                NDArray dir = new VirtualAdversarial(2, xi, 2.0).direction(identity, new NDArray[] {feature},
                        new PairList<>(), start, sub);
                assertThat(dir.toFloatArray()).containsExactly(toFloat(d), within(2e-5f));
            }
        }
    }

    @Test
    void vatPerturbationIsAConstantShiftOfNormEpsWhoseGradientFlowsIntoTheFeature() {
        Block identity = new OpBlock("identity", (a, t) -> a, s -> s);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(2);
            NDArray feature = m.randomNormal(new Shape(2, 3, 2, 2));
            feature.setRequiresGradient(true);
            float[] shift;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = new VirtualAdversarial(1, 0.5, 2.0).perturb(identity, new NDArray[] {feature},
                        new PairList<>());
                shift = y.sub(feature).toFloatArray();
                gc.backward(y.mul(m.create(new float[] {3f})).sum());
            }
            for (int s = 0; s < 2; s++) {
                double sq = 0;
                for (int i = 0; i < 12; i++) {
                    sq += shift[s * 12 + i] * shift[s * 12 + i];
                }
                assertThat(Math.sqrt(sq)).as("|eps d| of sample %d", s).isCloseTo(2.0, within(1e-5));
            }
            assertThat(feature.getGradient().toFloatArray()).containsOnly(3f);
            assertThat(feature.getGradient().getDataType()).isEqualTo(DataType.FLOAT32);
        }
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
