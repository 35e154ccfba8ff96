package org.pymic.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pymic.core.label.Grid;

class StandardMetricTest {

    private static double eval(StandardMetric m, boolean[] seg, boolean[] gt, Grid g) {
        return m.evaluate(new MaskPair(seg, gt, g));
    }

    private static boolean[] row(String s) {
        boolean[] m = new boolean[s.length()];
        for (int i = 0; i < m.length; i++) {
            m[i] = s.charAt(i) == '#';
        }
        return m;
    }

    @Test
    void diceIouRveAndVolumeFromCounts() {
        // seg 4 voxels, gt 6 voxels, 3 shared: dice 6/10, iou 3/7, rve |4-6|/6
        Grid g = Grid.of(1, 1, 8, new double[] {0.5, 2, 7});
        boolean[] seg = row("##.##...");
        boolean[] gt = row("###.###.");
        assertThat(eval(StandardMetric.DICE, seg, gt, g)).isCloseTo(0.6, within(1e-12));
        assertThat(eval(StandardMetric.IOU, seg, gt, g)).isCloseTo(3.0 / 7, within(1e-12));
        assertThat(eval(StandardMetric.RVE, seg, gt, g)).isCloseTo(1.0 / 3, within(1e-12));
        // 2D grid: pixel area 0.5 * 2 = 1, z spacing ignored; volume of the ground truth = 6 * 1
        assertThat(eval(StandardMetric.VOLUME, seg, gt, g)).isCloseTo(6.0, within(1e-12));
        Grid g3 = Grid.of(2, 1, 4, new double[] {0.5, 2, 3});
        assertThat(eval(StandardMetric.VOLUME, new boolean[8], row("###....."), g3)).isCloseTo(9.0, within(1e-12));
    }

    @Test
    void surfaceDistancesOfARowAgainstAPoint() {
        // gt = {w=0}, seg = {w=2,3,4}; seg->gt 2,3,4; gt->seg 2. Pooled sorted 2,2,3,4:
        // p = 0.95*3 = 2.85 -> 3 + 0.85*(4-3) = 3.85. assd = (mean(2,3,4) + 2) / 2 = 2.5.
        Grid g = Grid.of(1, 1, 6);
        boolean[] gt = row("#.....");
        boolean[] seg = row("..###.");
        assertThat(eval(StandardMetric.HD95, seg, gt, g)).isCloseTo(3.85, within(1e-12));
        assertThat(eval(StandardMetric.ASSD, seg, gt, g)).isCloseTo(2.5, within(1e-12));
        // x spacing 0.5 halves every distance
        Grid half = Grid.of(1, 1, 6, new double[] {0.5, 1, 1});
        assertThat(eval(StandardMetric.HD95, seg, gt, half)).isCloseTo(1.925, within(1e-12));
        assertThat(eval(StandardMetric.ASSD, seg, gt, half)).isCloseTo(1.25, within(1e-12));
    }

    @Test
    void twoSquaresWithAnisotropicSpacing() {
        // 2x2 squares at w=0..1 and w=3..4 (H=2, W=6), spacing x=2, y=1: every voxel is surface;
        // seg->gt: w=3 -> 2 steps = 4, w=4 -> 6 ; gt->seg: w=1 -> 4, w=0 -> 6. Pooled {4x4, 6x4}:
        // p = 0.95*7 = 6.65 between two 6s -> 6; assd = (5 + 5)/2 = 5; Hausdorff 6.
        Grid g = Grid.of2d(2, 6, 2, 1);
        boolean[] gt = row("##....##....");
        boolean[] seg = row("...##....##.");
        MaskPair p = new MaskPair(seg, gt, g);
        assertThat(StandardMetric.HD95.evaluate(p)).isCloseTo(6, within(1e-12));
        assertThat(StandardMetric.ASSD.evaluate(p)).isCloseTo(5, within(1e-12));
        assertThat(p.distances().hausdorff()).isCloseTo(6, within(1e-12));
        assertThat(StandardMetric.DICE.evaluate(p)).isZero();
    }

    @Test
    void singleVoxelsIn3dWithAnisotropicSpacing() {
        // (d,h,w) = (0,0,0) and (2,1,3), spacing x=1.5, y=2, z=3 -> sqrt(4.5^2 + 2^2 + 6^2) = sqrt(60.25)
        Grid g = Grid.of(3, 2, 4, new double[] {1.5, 2, 3});
        boolean[] a = new boolean[g.size()];
        boolean[] b = new boolean[g.size()];
        a[0] = true;
        b[g.index(2, 1, 3)] = true;
        assertThat(eval(StandardMetric.HD95, a, b, g)).isCloseTo(Math.sqrt(60.25), within(1e-12));
        assertThat(eval(StandardMetric.ASSD, a, b, g)).isCloseTo(Math.sqrt(60.25), within(1e-12));
    }

    @Test
    void emptyMaskConventions() {
        Grid g = Grid.of(1, 2, 3);
        boolean[] empty = new boolean[6];
        boolean[] one = row("#.....");
        assertThat(eval(StandardMetric.DICE, empty, empty, g)).isEqualTo(1.0);
        assertThat(eval(StandardMetric.IOU, empty, empty, g)).isEqualTo(1.0);
        assertThat(eval(StandardMetric.HD95, empty, empty, g)).isEqualTo(0.0);
        assertThat(eval(StandardMetric.ASSD, empty, empty, g)).isEqualTo(0.0);
        assertThat(eval(StandardMetric.RVE, empty, empty, g)).isEqualTo(0.0);
        assertThat(eval(StandardMetric.DICE, one, empty, g)).isEqualTo(0.0);
        assertThat(eval(StandardMetric.IOU, empty, one, g)).isEqualTo(0.0);
        assertThat(eval(StandardMetric.HD95, one, empty, g)).isNaN();
        assertThat(eval(StandardMetric.ASSD, empty, one, g)).isNaN();
        assertThat(eval(StandardMetric.RVE, one, empty, g)).isNaN();
        assertThat(eval(StandardMetric.RVE, empty, one, g)).isEqualTo(1.0);
    }

    @Test
    void surfaceMetricsMatchBruteForceOnRandomAnisotropicMasks() {
        Random r = new Random(2024);
        int compared = 0;
        for (int t = 0; t < 60; t++) {
            boolean twoD = t % 2 == 0;
            Grid g = Grid.of(twoD ? 1 : 2 + r.nextInt(5), 2 + r.nextInt(10), 2 + r.nextInt(10),
                    new double[] {0.4 + r.nextDouble() * 2, 0.4 + r.nextDouble() * 2, 0.5 + r.nextDouble() * 4});
            boolean[] seg = randomMask(r, g, t % 10 == 1);
            boolean[] gt = randomMask(r, g, t % 10 == 6);
            if (t % 15 == 4) {
                java.util.Arrays.fill(seg, false);
                seg[r.nextInt(seg.length)] = true; // single voxel
            }
            MaskPair p = new MaskPair(seg, gt, g);
            boolean segEmpty = p.segCount() == 0;
            boolean gtEmpty = p.gtCount() == 0;
            double hd95 = StandardMetric.HD95.evaluate(p);
            double assd = StandardMetric.ASSD.evaluate(p);
            if (segEmpty && gtEmpty) {
                assertThat(hd95).isZero();
                assertThat(assd).isZero();
            } else if (segEmpty || gtEmpty) {
                assertThat(hd95).isNaN();
                assertThat(assd).isNaN();
            } else {
                double[] sg = MetricsReference.directed(seg, gt, g);
                double[] gs = MetricsReference.directed(gt, seg, g);
                assertThat(hd95).as("hd95 trial %d", t).isCloseTo(MetricsReference.percentile95(sg, gs), within(1e-6));
                assertThat(assd).as("assd trial %d", t)
                        .isCloseTo((MetricsReference.mean(sg) + MetricsReference.mean(gs)) / 2, within(1e-6));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(30);
    }

    private static boolean[] randomMask(Random r, Grid g, boolean empty) {
        boolean[] m = new boolean[g.size()];
        if (empty) {
            return m;
        }
        double p = 0.1 + 0.5 * r.nextDouble();
        // smooth-ish blobs: threshold a sum of a few random centres' distances
        int centres = 1 + r.nextInt(3);
        for (int c = 0; c < centres; c++) {
            int cd = r.nextInt(g.depth());
            int ch = r.nextInt(g.height());
            int cw = r.nextInt(g.width());
            double rad = 0.5 + r.nextDouble() * 3;
            for (int d = 0; d < g.depth(); d++) {
                for (int h = 0; h < g.height(); h++) {
                    for (int w = 0; w < g.width(); w++) {
                        double dist = Math.sqrt((d - cd) * (d - cd) + (h - ch) * (h - ch) + (w - cw) * (w - cw));
                        if (dist <= rad || r.nextDouble() < p * 0.1) {
                            m[g.index(d, h, w)] = true;
                        }
                    }
                }
            }
        }
        return m;
    }
}
