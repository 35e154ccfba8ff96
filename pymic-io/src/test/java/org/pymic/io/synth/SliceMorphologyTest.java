package org.pymic.io.synth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SliceMorphologyTest {
    @Test
    void squaredDistanceToOnePointIsDxSquaredPlusDySquared() {
        boolean[] m = new boolean[5 * 7];
        m[1 * 7 + 2] = true;
        double[] d = SliceMorphology.squaredDistanceTo(m, 5, 7);
        assertThat(d[1 * 7 + 2]).isZero();
        assertThat(d[4 * 7 + 6]).isEqualTo(9 + 16);
        assertThat(d[0]).isEqualTo(1 + 4);
    }

    @Test
    void dilationAndErosionByDisks() {
        boolean[] point = new boolean[9 * 9];
        point[4 * 9 + 4] = true;
        assertThat(SliceMorphology.count(SliceMorphology.dilate(point, 9, 9, 1.0))).isEqualTo(5);
        assertThat(SliceMorphology.count(SliceMorphology.dilate(point, 9, 9, 1.5))).isEqualTo(9);
        assertThat(SliceMorphology.count(SliceMorphology.dilate(point, 9, 9, 2.0))).isEqualTo(13);
        boolean[] square = new boolean[9 * 9];
        for (int y = 1; y < 8; y++) {
            for (int x = 1; x < 8; x++) {
                square[y * 9 + x] = true;
            }
        }
        boolean[] e = SliceMorphology.erode(square, 9, 9, 1.0);
        assertThat(SliceMorphology.count(e)).isEqualTo(25);
        assertThat(e[2 * 9 + 2]).isTrue();
        assertThat(e[1 * 9 + 4]).isFalse();
    }

    @Test
    void imageBorderBoundsTheDepth() {
        boolean[] all = new boolean[5 * 5];
        java.util.Arrays.fill(all, true);
        double[] depth = SliceMorphology.squaredDepth(all, 5, 5);
        assertThat(depth[0]).isEqualTo(1);
        assertThat(depth[2 * 5 + 2]).isEqualTo(9);
    }

    @Test
    void thinningABarLeavesItsMiddleLine() {
        int h = 7;
        int w = 12;
        boolean[] m = new boolean[h * w];
        for (int y = 2; y <= 4; y++) {
            for (int x = 1; x <= 10; x++) {
                m[y * w + x] = true;
            }
        }
        boolean[] s = Skeleton.thin(m, h, w);
        assertThat(SliceMorphology.count(s)).isBetween(6, 10);
        for (int i = 0; i < s.length; i++) {
            if (s[i]) {
                assertThat(i / w).isEqualTo(3);
            }
        }
    }
}
