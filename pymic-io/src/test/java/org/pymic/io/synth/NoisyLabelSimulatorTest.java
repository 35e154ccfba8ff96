package org.pymic.io.synth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pymic.core.image.Volume;

class NoisyLabelSimulatorTest {
    private final NoisyLabelSimulator simulator = NoisyLabelSimulator.builder().fraction(0.3).build();

    @Test
    void selectsAnExactSeededFractionOfCases() {
        boolean[] a = simulator.selectNoisy(20, 3);
        int n = 0;
        for (boolean b : a) {
            n += b ? 1 : 0;
        }
        assertThat(n).isEqualTo(6);
        assertThat(simulator.selectNoisy(20, 3)).containsExactly(a);
        assertThat(simulator.selectNoisy(20, 4)).isNotEqualTo(a);
    }

    @Test
    void corruptedStructuresKeepADiceBetweenBounds() {
        CardiacPhantom p2 = CardiacPhantom.builder().size(96, 96).build();
        CardiacPhantom p3 = CardiacPhantom.builder().size(64, 64).slices(6).build();
        double sum = 0;
        int n = 0;
        for (int i = 0; i < 6; i++) {
            for (PhantomCase c : new PhantomCase[] {p2.generate(2, i), p3.generate(2, i)}) {
                Volume noisy = simulator.corrupt(c.label(), 100 + i);
                assertThat(noisy.data()).isNotEqualTo(c.label().data());
                assertThat(noisy.spacing()).containsExactly(c.label().spacing());
                for (float v : noisy.data()) {
                    assertThat(v).isIn(0f, 1f, 2f, 3f);
                }
                for (int k = 1; k <= 3; k++) {
                    double d = LabelMaps.dice(c.label().data(), noisy.data(), k);
                    assertThat(d).as("Dice of class %d, case %d", k, i).isBetween(0.6, 1.0);
                    sum += d;
                    n++;
                }
            }
        }
        assertThat(sum / n).isBetween(0.65, 0.92);
    }

    @Test
    void deterministicPerSeed() {
        Volume label = CardiacPhantom.builder().size(64, 64).build().generate(1, 2).label();
        assertThat(simulator.corrupt(label, 9).data()).containsExactly(simulator.corrupt(label, 9).data());
        assertThat(simulator.corrupt(label, 10).data()).isNotEqualTo(simulator.corrupt(label, 9).data());
    }

    @Test
    void freedVoxelsTakeTheirNeighboursLabelLeavingNoHole() {
        // 5x5: class 3 at the centre, class 2 around it, background outside.
        float[] lab = new float[25];
        for (int y = 1; y <= 3; y++) {
            for (int x = 1; x <= 3; x++) {
                lab[y * 5 + x] = 2;
            }
        }
        lab[12] = 3;
        Perturbation.assign(lab, 0, 5, 5, 3, new boolean[25]);
        assertThat(lab[12]).isEqualTo(2f);
        boolean[] grow = new boolean[25];
        grow[12] = true;
        grow[7] = true;
        Perturbation.assign(lab, 0, 5, 5, 3, grow);
        assertThat(lab[7]).isEqualTo(3f);
        assertThat(lab[12]).isEqualTo(3f);
        assertThat(lab[0]).isEqualTo(0f);
    }
}
