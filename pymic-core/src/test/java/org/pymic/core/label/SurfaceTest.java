package org.pymic.core.label;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SurfaceTest {

    @Test
    void filled3dCubeKeepsOnlyItsCentreInside() {
        Grid g = Grid.of(3, 3, 3);
        boolean[] all = new boolean[27];
        java.util.Arrays.fill(all, true);
        boolean[] s = Surface.of(all, g);
        assertThat(Surface.count(s)).isEqualTo(26);
        assertThat(s[g.index(1, 1, 1)]).isFalse();
    }

    @Test
    void twoDimensionalGridIgnoresTheDepthAxis() {
        // a filled 3x3 image: the centre has its 4 in-plane neighbours inside; in 2D it is not on the surface
        Grid g = Grid.of(1, 3, 3);
        boolean[] all = new boolean[9];
        java.util.Arrays.fill(all, true);
        boolean[] s = Surface.of(all, g);
        assertThat(Surface.count(s)).isEqualTo(8);
        assertThat(s[4]).isFalse();
    }

    @Test
    void singleVoxelIsItsOwnSurfaceAndEmptyHasNone() {
        Grid g = Grid.of(3, 3, 3);
        boolean[] m = new boolean[27];
        assertThat(Surface.count(Surface.of(m, g))).isZero();
        m[13] = true;
        assertThat(Surface.of(m, g)[13]).isTrue();
    }

    @Test
    void matchesCoordinateCheckOnRandomMasks() {
        Random r = new Random(7);
        for (int t = 0; t < 30; t++) {
            Grid g = Grid.of(t % 2 == 0 ? 1 : 1 + r.nextInt(5), 1 + r.nextInt(8), 1 + r.nextInt(8));
            boolean[] m = BruteForce.randomMask(r, g, 0.6);
            assertThat(Surface.of(m, g)).containsExactly(BruteForce.surface(m, g));
        }
    }
}
