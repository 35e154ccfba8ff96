package org.pymic.io.synth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks the features that make the phantom about as hard as real cine MRI. */
class CardiacPhantomRealismTest {
    private static final int N = 96;
    private static final CardiacPhantom CLEAN = CardiacPhantom.builder().size(N, N).noise(NoiseModel.NONE)
            .biasStrength(0).build();

    @Test
    void lvLabelContainsDarkMuscleAwayFromTheWall() {
        int withMuscle = 0;
        for (int i = 0; i < 10; i++) {
            PhantomCase c = CLEAN.generate(4, i);
            float[] img = c.image().data();
            float[] lab = c.label().data();
            double lv = meanOf(img, lab, 3);
            double myo = meanOf(img, lab, 2);
            boolean found = false;
            for (int y = 2; y < N - 2 && !found; y++) {
                for (int x = 2; x < N - 2 && !found; x++) {
                    found = interiorLv(lab, y, x) && img[y * N + x] < lv - 0.5 * (lv - myo);
                }
            }
            withMuscle += found ? 1 : 0;
        }
        assertThat(withMuscle).as("cases with papillary muscle or trabeculae inside the LV").isGreaterThanOrEqualTo(5);
    }

    @Test
    void bloodLikeStructureLiesNearTheHeartOutsideItsLabels() {
        for (int i = 0; i < 10; i++) {
            PhantomCase c = CLEAN.generate(6, i);
            float[] img = c.image().data();
            float[] lab = c.label().data();
            double lv = meanOf(img, lab, 3);
            double sx = 0;
            double sy = 0;
            int n = 0;
            for (int j = 0; j < lab.length; j++) {
                if (lab[j] > 0) {
                    sx += j % N;
                    sy += j / N;
                    n++;
                }
            }
            double hx = sx / n;
            double hy = sy / n;
            double radius = Math.sqrt(n / Math.PI);
            int bright = 0;
            for (int j = 0; j < lab.length; j++) {
                double d = Math.hypot(j % N - hx, j / N - hy);
                if (lab[j] == 0 && d < 2.2 * radius && img[j] > 0.7 * lv) {
                    bright++;
                }
            }
            assertThat(bright).as("bright background pixels near the heart, case %d", i).isGreaterThan(10);
        }
    }

    @Test
    void gainAndNoiseLevelVaryStronglyBetweenCases() {
        CardiacPhantom p = CardiacPhantom.builder().size(N, N).build();
        double minLv = Double.MAX_VALUE;
        double maxLv = 0;
        double minRel = Double.MAX_VALUE;
        double maxRel = 0;
        for (int i = 0; i < 16; i++) {
            PhantomCase c = p.generate(2, i);
            float[] img = c.image().data();
            double lv = meanOf(img, c.label().data(), 3);
            // Rician noise in air is Rayleigh distributed with mean sigma * sqrt(pi / 2)
            double air = (cornerMean(img, 0, 0) + cornerMean(img, 0, N - 6) + cornerMean(img, N - 6, 0)
                    + cornerMean(img, N - 6, N - 6)) / 4;
            double rel = air / Math.sqrt(Math.PI / 2) / lv;
            minLv = Math.min(minLv, lv);
            maxLv = Math.max(maxLv, lv);
            minRel = Math.min(minRel, rel);
            maxRel = Math.max(maxRel, rel);
        }
        assertThat(maxLv / minLv).as("spread of blood intensity between cases").isGreaterThan(4);
        assertThat(maxRel / minRel).as("spread of noise relative to blood between cases").isGreaterThan(2.5);
        assertThat(maxRel).as("the noisiest case has SNR below 10").isGreaterThan(0.1);
    }

    private static boolean interiorLv(float[] lab, int y, int x) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                if (lab[(y + dy) * N + x + dx] != 3) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double cornerMean(float[] img, int y0, int x0) {
        double s = 0;
        for (int y = y0; y < y0 + 6; y++) {
            for (int x = x0; x < x0 + 6; x++) {
                s += img[y * N + x];
            }
        }
        return s / 36;
    }

    private static double meanOf(float[] img, float[] lab, int cls) {
        double s = 0;
        int n = 0;
        for (int j = 0; j < lab.length; j++) {
            if (lab[j] == cls) {
                s += img[j];
                n++;
            }
        }
        return s / n;
    }
}
