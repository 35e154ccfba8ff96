package org.pymic.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.PymicException;
import org.pymic.net.NetOutput;

/** The gated CRF loss against a brute-force loop over every pixel and window position, as PyMIC defines it. */
class GatedCRFLossTest extends LossTestBase {

    private static double[] random(Random r, int count, double scale) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = r.nextGaussian() * scale;
        }
        return v;
    }

    /**
     * PyMIC's definition, pixel by pixel: features (image / rgb, x / XY0, y / XY0) and (x / XY1, y / XY1),
     * all 0 outside the image (F.unfold's zero padding), as are the probabilities there; the centre of
     * the window is left out.
     */
    private static double bruteForce(double[] logits, double[] image, int n, int k, int c, int h, int w,
                                     double w0, double xy0, double rgb, double w1, double xy1, int radius) {
        double[] s = new double[logits.length];
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < h * w; p++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    max = Math.max(max, logits[(b * k + j) * h * w + p]);
                }
                double z = 0;
                for (int j = 0; j < k; j++) {
                    z += Math.exp(logits[(b * k + j) * h * w + p] - max);
                }
                for (int j = 0; j < k; j++) {
                    s[(b * k + j) * h * w + p] = Math.exp(logits[(b * k + j) * h * w + p] - max) / z;
                }
            }
        }
        double total = 0;
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int qy = y - radius; qy <= y + radius; qy++) {
                        for (int qx = x - radius; qx <= x + radius; qx++) {
                            if (qy == y && qx == x) {
                                continue;
                            }
                            boolean in = qy >= 0 && qy < h && qx >= 0 && qx < w;
                            double fx = in ? qx : 0;
                            double fy = in ? qy : 0;
                            double di = 0;
                            for (int ch = 0; ch < c; ch++) {
                                double ip = image[(b * c + ch) * h * w + y * w + x] / rgb;
                                double iq = in ? image[(b * c + ch) * h * w + qy * w + qx] / rgb : 0;
                                di += (ip - iq) * (ip - iq);
                            }
                            double dxy = (fx - x) * (fx - x) + (fy - y) * (fy - y);
                            double kern = w0 * Math.exp(-0.5 * (dxy / (xy0 * xy0) + di))
                                    + w1 * Math.exp(-0.5 * dxy / (xy1 * xy1));
                            double dot = 0;
                            if (in) {
                                for (int j = 0; j < k; j++) {
                                    dot += s[(b * k + j) * h * w + y * w + x] * s[(b * k + j) * h * w + qy * w + qx];
                                }
                            }
                            total += kern * (1 - dot);
                        }
                    }
                }
            }
        }
        return total / (n * h * w);
    }

    @Test
    void matchesTheBruteForceLoopOnTinyCases() {
        Random r = new Random(5);
        int[][] cases = {{2, 3, 1, 7, 9, 2}, {1, 2, 2, 6, 5, 1}, {1, 4, 1, 4, 11, 5}};
        for (int[] t : cases) {
            int n = t[0], k = t[1], c = t[2], h = t[3], w = t[4], radius = t[5];
            double[] z = random(r, n * k * h * w, 2);
            double[] img = random(r, n * c * h * w, 0.3);
            double expected = bruteForce(z, img, n, k, c, h, w, 0.7, 4, 0.2, 1.3, 2.5, radius);
            NDArray loss = new GatedCRFLoss(0.7, 4, 0.2, 1.3, 2.5, radius)
                    .compute(arr(z, n, k, h, w), arr(img, n, c, h, w));
            assertThat(scalar(loss)).as("case %s", java.util.Arrays.toString(t)).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void pymicDefaultsWithTheRadiusLargerThanTheImage() {
        // PyMIC's defaults (W0 1, XY0 5, rgb 0.1, W1 1, XY1 3, radius 5) on a 3x4 image
        Random r = new Random(9);
        double[] z = random(r, 2 * 12, 1);
        double[] img = random(r, 12, 0.05);
        double expected = bruteForce(z, img, 1, 2, 1, 3, 4, 1, 5, 0.1, 1, 3, 5);
        assertThat(scalar(new GatedCRFLoss().compute(arr(z, 1, 2, 3, 4), arr(img, 1, 1, 3, 4))))
                .isCloseTo(expected, within(1e-9));
    }

    @Test
    void aConstantPredictionCostsOnlyThePairsAcrossTheBorder() {
        // one class certain everywhere: every pair inside agrees, so only the zero-padded pairs remain
        double[] z = new double[2 * 16];
        for (int i = 0; i < 16; i++) {
            z[i] = 30;
        }
        double[] img = new double[16];
        GatedCRFLoss crf = new GatedCRFLoss(1, 5, 0.1, 1, 3, 1);
        double expected = bruteForce(z, img, 1, 2, 1, 4, 4, 1, 5, 0.1, 1, 3, 1);
        // by hand: pixel (0, 0) has 5 window positions outside, at feature distance 0 from its own (0, 0)
        // features, each k = W0 + W1 = 2; the other border pixels see position and image 0 at a distance
        double corner = 5 * 2.0;
        assertThat(expected).isGreaterThan(corner / 16);
        assertThat(scalar(crf.compute(arr(z, 1, 2, 4, 4), arr(img, 1, 1, 4, 4)))).isCloseTo(expected, within(1e-9));
    }

    @Test
    void volumesAreFoldedSliceBySlice() {
        Random r = new Random(3);
        int n = 2, k = 2, d = 3, h = 5, w = 6;
        double[] z = random(r, n * k * d * h * w, 1.5);
        double[] img = random(r, n * d * h * w, 0.3);
        GatedCRFLoss crf = new GatedCRFLoss(1, 5, 0.3, 1, 3, 2);
        double sum = 0;
        for (int b = 0; b < n; b++) {
            for (int s = 0; s < d; s++) {
                double[] zs = new double[k * h * w];
                double[] is = new double[h * w];
                for (int j = 0; j < k; j++) {
                    System.arraycopy(z, ((b * k + j) * d + s) * h * w, zs, j * h * w, h * w);
                }
                System.arraycopy(img, (b * d + s) * h * w, is, 0, h * w);
                sum += bruteForce(zs, is, 1, k, 1, h, w, 1, 5, 0.3, 1, 3, 2);
            }
        }
        NDArray loss = crf.compute(arr(z, n, k, d, h, w), arr(img, n, 1, d, h, w));
        assertThat(scalar(loss)).isCloseTo(sum / (n * d), within(1e-9));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Random r = new Random(11);
        NDArray img = arr(random(r, 2 * 5 * 4, 0.3), 2, 1, 5, 4);
        GatedCRFLoss crf = new GatedCRFLoss(1, 5, 0.3, 1, 3, 2);
        GradCheck.check(arr(random(r, 2 * 3 * 5 * 4, 1), 2, 3, 5, 4), z -> crf.compute(z, img), 1e-6);
    }

    @Test
    void readsTheImageOfTheLossInputAndRefusesToRunWithoutIt() {
        Random r = new Random(2);
        NDArray z = arr(random(r, 2 * 16, 1), 1, 2, 4, 4);
        NDArray img = arr(random(r, 16, 1), 1, 1, 4, 4);
        GatedCRFLoss crf = new GatedCRFLoss();
        assertThat(scalar(crf.compute(new LossInput(img, NetOutput.of(z), null, null))))
                .isCloseTo(scalar(crf.compute(z, img)), within(1e-12));
        assertThatThrownBy(() -> crf.compute(z, null, null)).isInstanceOf(PymicException.class)
                .hasMessageContaining("needs the network input");
        assertThatThrownBy(() -> new GatedCRFLoss(1, 5, 0.1, 1, 3, 2.5)).isInstanceOf(PymicException.class)
                .hasMessageContaining("GatedCRFLoss_Radius");
    }
}
