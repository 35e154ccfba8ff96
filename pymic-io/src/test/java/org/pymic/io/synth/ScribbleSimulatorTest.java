package org.pymic.io.synth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pymic.core.image.Volume;

class ScribbleSimulatorTest {
    private final ScribbleSimulator simulator = ScribbleSimulator.builder().build();

    @Test
    void scribblesAreSmallSubsetsOfTheTruthWithEveryClass() {
        CardiacPhantom p2 = CardiacPhantom.builder().size(96, 96).build();
        CardiacPhantom p3 = CardiacPhantom.builder().size(64, 64).slices(6).build();
        for (int i = 0; i < 6; i++) {
            for (PhantomCase c : new PhantomCase[] {p2.generate(4, i), p3.generate(4, i)}) {
                Volume s = simulator.simulate(c.label(), i);
                assertThat(simulator.unannotatedValue(c.label())).isEqualTo(4);
                int[] count = new int[5];
                for (int j = 0; j < s.voxels(); j++) {
                    int v = (int) s.data()[j];
                    count[v]++;
                    if (v != 4) {
                        assertThat(v).as("scribble voxel %d", j).isEqualTo((int) c.label().data()[j]);
                    }
                }
                for (int k = 0; k < 4; k++) {
                    assertThat(count[k]).as("class %d annotated", k).isPositive();
                }
                double annotated = 1.0 - (double) count[4] / s.voxels();
                assertThat(annotated).isBetween(0.005, 0.10);
                assertThat(s.spacing()).containsExactly(c.label().spacing());
            }
        }
    }

    @Test
    void oneVoxelStrokesHaveNoFilledThreeByThreeBlock() {
        PhantomCase c = CardiacPhantom.builder().size(96, 96).build().generate(9, 1);
        Volume s = simulator.simulate(c.label(), 3);
        for (int y = 1; y < 95; y++) {
            for (int x = 1; x < 95; x++) {
                int filled = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        filled += s.get(0, 0, y + dy, x + dx) != 4 ? 1 : 0;
                    }
                }
                assertThat(filled).isLessThan(9);
            }
        }
    }

    @Test
    void deterministicPerSeed() {
        PhantomCase c = CardiacPhantom.builder().size(64, 64).build().generate(1, 0);
        assertThat(simulator.simulate(c.label(), 5).data()).containsExactly(simulator.simulate(c.label(), 5).data());
        assertThat(simulator.simulate(c.label(), 6).data()).isNotEqualTo(simulator.simulate(c.label(), 5).data());
    }

    @Test
    void anyLabelSetUsesMaxPlusOneOrTheGivenValue() {
        int h = 40;
        int w = 40;
        float[] lab = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double r = Math.hypot(x - 20, y - 20);
                lab[y * w + x] = r < 6 ? 5 : (r < 14 ? 2 : 0);
            }
        }
        Volume label = Volume.of(lab, 1, 1, h, w);
        Volume s = simulator.simulate(label, 1);
        assertThat(simulator.unannotatedValue(label)).isEqualTo(6);
        assertThat(s.data()).contains(0f, 2f, 5f, 6f);
        for (int i = 0; i < lab.length; i++) {
            assertThat(s.data()[i]).isIn(6f, lab[i]);
        }
        ScribbleSimulator given = ScribbleSimulator.builder().unannotatedValue(255).strokeWidth(2).build();
        Volume g = given.simulate(label, 1);
        assertThat(g.data()).contains(255f, 5f).doesNotContain(6f);
        int width1 = countAnnotated(s, 6);
        assertThat(countAnnotated(g, 255)).isGreaterThan(width1);
    }

    private static int countAnnotated(Volume s, float none) {
        int n = 0;
        for (float v : s.data()) {
            n += v != none ? 1 : 0;
        }
        return n;
    }
}
