package org.pymic.io.synth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pymic.core.image.Volume;

class CardiacPhantomTest {
    private static final CardiacPhantom P2D = CardiacPhantom.builder().size(96, 96).build();

    @Test
    void sameSeedAndIndexGiveTheSameCaseWhateverTheOrder() {
        PhantomCase a = P2D.generate(7, 5);
        P2D.generate(7, 0);
        PhantomCase b = CardiacPhantom.builder().size(96, 96).build().generate(7, 5);
        assertThat(b.image().data()).containsExactly(a.image().data());
        assertThat(b.label().data()).containsExactly(a.label().data());
        assertThat(P2D.generate(8, 5).image().data()).isNotEqualTo(a.image().data());
        assertThat(P2D.generate(7, 6).label().data()).isNotEqualTo(a.label().data());
    }

    @Test
    void sixteenCasesHaveEveryStructureWithPlausibleProportions() {
        for (int i = 0; i < 16; i++) {
            PhantomCase c = P2D.generate(3, i);
            double[] frac = new double[4];
            for (float v : c.label().data()) {
                assertThat(v).isIn(0f, 1f, 2f, 3f);
                frac[(int) v] += 1.0 / c.label().voxels();
            }
            assertThat(frac[0]).as("background of case %d", i).isGreaterThan(0.75);
            for (int k = 1; k <= 3; k++) {
                assertThat(frac[k]).as("class %d of case %d", k, i).isBetween(0.0012, 0.08);
            }
        }
    }

    @Test
    void myocardiumSeparatesTheLvFromEverythingElse2dAnd3d() {
        CardiacPhantom p3d = CardiacPhantom.builder().size(64, 64).slices(8).build();
        for (int i = 0; i < 8; i++) {
            assertLvEnclosed(P2D.generate(11, i).label());
            assertLvEnclosed(p3d.generate(11, i).label());
        }
    }

    private static void assertLvEnclosed(Volume l) {
        int[][] off = {{0, 0, 1}, {0, 0, -1}, {0, 1, 0}, {0, -1, 0}, {1, 0, 0}, {-1, 0, 0}};
        for (int z = 0; z < l.depth(); z++) {
            for (int y = 0; y < l.height(); y++) {
                for (int x = 0; x < l.width(); x++) {
                    if (l.get(0, z, y, x) != 3) {
                        continue;
                    }
                    for (int[] o : off) {
                        int zz = z + o[0];
                        int yy = y + o[1];
                        int xx = x + o[2];
                        if (zz < 0 || zz >= l.depth() || yy < 0 || yy >= l.height() || xx < 0 || xx >= l.width()) {
                            continue;
                        }
                        assertThat(l.get(0, zz, yy, xx)).as("neighbour of LV at %d,%d,%d", z, y, x).isIn(2f, 3f);
                    }
                }
            }
        }
    }

    /** Blurred thin walls, trabeculations and papillary muscles lower the mean contrast, as in cine MRI. */
    @Test
    void bloodIsBrightAndMyocardiumDark() {
        for (int i = 0; i < 8; i++) {
            PhantomCase c = P2D.generate(5, i);
            double[] sum = new double[4];
            int[] n = new int[4];
            for (int j = 0; j < c.label().voxels(); j++) {
                int k = (int) c.label().data()[j];
                sum[k] += c.image().data()[j];
                n[k]++;
            }
            double lv = sum[3] / n[3];
            double rv = sum[1] / n[1];
            double myo = sum[2] / n[2];
            assertThat(lv).isGreaterThan(1.25 * myo);
            assertThat(rv).isGreaterThan(1.1 * myo);
        }
    }

    @Test
    void stackTapersTowardApexAndKeepsSpacing() {
        CardiacPhantom p = CardiacPhantom.builder().size(64, 64).slices(10).build();
        PhantomCase c = p.generate(2, 0);
        assertThat(c.image().shape()).containsExactly(1, 10, 64, 64);
        assertThat(c.label().spacing()).containsExactly(1.5, 1.5, 5.0);
        int base = count(c.label(), 0, 3);
        int apex = count(c.label(), 9, 3);
        assertThat(apex).isLessThan(base / 2);
        assertThat(count(c.label(), 9, 1)).isLessThan(count(c.label(), 0, 1));
    }

    private static int count(Volume l, int z, int cls) {
        int n = 0;
        for (int y = 0; y < l.height(); y++) {
            for (int x = 0; x < l.width(); x++) {
                n += l.get(0, z, y, x) == cls ? 1 : 0;
            }
        }
        return n;
    }
}
