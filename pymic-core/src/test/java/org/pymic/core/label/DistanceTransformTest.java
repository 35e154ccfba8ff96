package org.pymic.core.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistanceTransformTest {

    @Test
    void singleSiteGivesEuclideanDistanceWithAnisotropicSpacing() {
        // site at (d=0,h=0,w=0); voxel (d=2,h=1,w=3) with spacing x=1.5, y=2, z=3:
        // sqrt((3*1.5)^2 + (1*2)^2 + (2*3)^2) = sqrt(20.25 + 4 + 36) = sqrt(60.25)
        Grid g = Grid.of(3, 2, 4, new double[] {1.5, 2, 3});
        boolean[] sites = new boolean[g.size()];
        sites[0] = true;
        double[] d = DistanceTransform.toSites(sites, g);
        assertThat(d[g.index(2, 1, 3)]).isCloseTo(Math.sqrt(60.25), within(1e-12));
        assertThat(d[g.index(0, 0, 1)]).isCloseTo(1.5, within(1e-12));
        assertThat(d[0]).isZero();
    }

    @Test
    void twoSitesOnALineTakeTheNearest() {
        // 1 x 1 x 7 line, sites at w=0 and w=6, spacing 0.5: distances 0,.5,1,1.5,1,.5,0
        Grid g = Grid.of(1, 1, 7, new double[] {0.5, 1, 1});
        boolean[] sites = new boolean[7];
        sites[0] = true;
        sites[6] = true;
        assertThat(DistanceTransform.toSites(sites, g)).containsExactly(
                new double[] {0, 0.5, 1, 1.5, 1, 0.5, 0}, within(1e-12));
    }

    @Test
    void noSitesGivesInfinity() {
        Grid g = Grid.of(2, 3, 3);
        double[] d = DistanceTransform.toSites(new boolean[g.size()], g);
        assertThat(d).containsOnly(Double.POSITIVE_INFINITY);
    }

    @Test
    void ofMaskIsDistanceToTheOutside() {
        // 2D 1x5 row all inside except w=0: distances 0,1,2,3,4 (scipy distance_transform_edt)
        Grid g = Grid.of(1, 1, 5);
        boolean[] mask = {false, true, true, true, true};
        assertThat(DistanceTransform.ofMask(mask, g)).containsExactly(new double[] {0, 1, 2, 3, 4}, within(1e-12));
    }

    @Test
    void matchesBruteForceOnRandomAnisotropicGrids() {
        Random r = new Random(42);
        for (int trial = 0; trial < 40; trial++) {
            boolean twoD = trial % 2 == 0;
            int d = twoD ? 1 : 2 + r.nextInt(5);
            Grid g = Grid.of(d, 2 + r.nextInt(9), 2 + r.nextInt(9),
                    new double[] {0.3 + 2 * r.nextDouble(), 0.3 + 2 * r.nextDouble(), 0.3 + 4 * r.nextDouble()});
            boolean[] sites = new boolean[g.size()];
            double p = trial % 5 == 0 ? 0 : r.nextDouble() * 0.2;
            for (int i = 0; i < sites.length; i++) {
                sites[i] = r.nextDouble() < p;
            }
            if (trial % 7 == 3) {
                java.util.Arrays.fill(sites, false);
                sites[r.nextInt(sites.length)] = true;
            }
            double[] expected = BruteForce.edt(sites, g);
            double[] actual = DistanceTransform.toSites(sites, g);
            for (int i = 0; i < expected.length; i++) {
                if (Double.isInfinite(expected[i])) {
                    assertThat(actual[i]).isInfinite();
                } else {
                    assertThat(actual[i]).as("trial %d voxel %d on %s", trial, i, g).isCloseTo(expected[i], within(1e-9));
                }
            }
        }
    }
}
