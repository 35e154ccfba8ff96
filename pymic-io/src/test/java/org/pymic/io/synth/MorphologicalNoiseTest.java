package org.pymic.io.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.io.image.ImageFiles;

class MorphologicalNoiseTest {
    @TempDir
    Path tmp;

    private static boolean[] mask(int h, int w, int... yx) {
        boolean[] m = new boolean[h * w];
        for (int i = 0; i < yx.length; i += 2) {
            m[yx[i] * w + yx[i + 1]] = true;
        }
        return m;
    }

    private static boolean[] square(int h, int w, int y0, int x0, int size) {
        boolean[] m = new boolean[h * w];
        for (int y = y0; y < y0 + size; y++) {
            for (int x = x0; x < x0 + size; x++) {
                m[y * w + x] = true;
            }
        }
        return m;
    }

    @Test
    void dilationByIterationsIsTheCityBlockBall() {
        // One pixel dilated twice by the cross: |dy| + |dx| <= 2, 1 + 4 + 8 = 13 pixels.
        boolean[] d = MorphologicalNoise.dilate(mask(9, 9, 4, 4), 9, 9, 2);
        assertThat(SliceMorphology.count(d)).isEqualTo(13);
        assertThat(d[4 * 9 + 6]).isTrue();
        assertThat(d[5 * 9 + 5]).isTrue();
        assertThat(d[6 * 9 + 5]).isFalse();
        // At the border the ball is clipped: a corner pixel dilated once covers 3 pixels.
        assertThat(SliceMorphology.count(MorphologicalNoise.dilate(mask(4, 4, 0, 0), 4, 4, 1))).isEqualTo(3);
    }

    @Test
    void erosionByIterationsTreatsOutsideAsBackground() {
        // A 5x5 square eroded once by the cross leaves its inner 3x3, twice its centre.
        assertThat(MorphologicalNoise.erode(square(7, 7, 1, 1, 5), 7, 7, 1)).containsExactly(square(7, 7, 2, 2, 3));
        assertThat(MorphologicalNoise.erode(square(7, 7, 1, 1, 5), 7, 7, 2)).containsExactly(mask(7, 7, 3, 3));
        // A mask filling a 4x4 image loses its border row and column (scipy's border_value = 0).
        assertThat(MorphologicalNoise.erode(square(4, 4, 0, 0, 4), 4, 4, 1)).containsExactly(square(4, 4, 1, 1, 2));
    }

    @Test
    void discsOnTheOuterEdgeFollowPymicsDiscTest() {
        // One pixel at (4,4): its outer edge is its 4 neighbours; with every edge pixel sampled and r = 2,
        // each disc (dx^2 + dy^2 < 4) is a 3x3 square: the union has rows of 3, 5, 5, 5, 3 pixels.
        boolean[] m = mask(9, 9, 4, 4);
        assertThat(SliceMorphology.count(MorphologicalNoise.outerEdge(m, 9, 9))).isEqualTo(4);
        boolean[] discs = MorphologicalNoise.discsOnEdge(m, 9, 9, new MorphologicalNoise.Range(2, 2), 1.0,
                new SplittableRandom(1));
        assertThat(SliceMorphology.count(discs)).isEqualTo(21);
        assertThat(discs[2 * 9 + 4]).isTrue();
        assertThat(discs[2 * 9 + 2]).isFalse();
        // 10% of 4 edge pixels is no pixel (PyMIC's int(edge_length * sample_ratio)).
        assertThat(SliceMorphology.count(MorphologicalNoise.discsOnEdge(m, 9, 9, new MorphologicalNoise.Range(2, 2),
                0.1, new SplittableRandom(1)))).isZero();
    }

    private static Volume disc(int size, double radius) {
        float[] d = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dy = y - size / 2.0;
                double dx = x - size / 2.0;
                d[y * size + x] = dx * dx + dy * dy < radius * radius ? 1 : 0;
            }
        }
        return new Volume(d, 1, 1, size, size, new double[] {1, 1, 1}, new double[3], null, null);
    }

    @Test
    void jsrtOperationsFollowTheirProbabilitiesAndRadii() {
        MorphologicalNoise m = MorphologicalNoise.jsrt();
        Volume label = disc(48, 14);
        Map<MorphologicalNoise.Operation, Integer> counts = new EnumMap<>(MorphologicalNoise.Operation.class);
        int n = 400;
        for (int s = 0; s < n; s++) {
            MorphologicalNoise.Outcome o = m.corrupt(label, s);
            assertThat(o.changes()).hasSize(1);
            MorphologicalNoise.Change c = o.changes().get(0);
            counts.merge(c.operation(), 1, Integer::sum);
            int before = count(label, 1);
            int after = count(o.label(), 1);
            switch (c.operation()) {
                case DILATION -> {
                    assertThat(c.radius()).isBetween(6, 9);
                    assertThat(after).isGreaterThan(before);
                    for (int i = 0; i < label.voxels(); i++) {
                        if (label.data()[i] == 1) {
                            assertThat(o.label().data()[i]).isEqualTo(1f);
                        }
                    }
                }
                case EROSION -> {
                    assertThat(c.radius()).isBetween(6, 9);
                    assertThat(after).isLessThan(before);
                }
                default -> assertThat(c.range()).isEqualTo(new MorphologicalNoise.Range(6, 9));
            }
            assertThat(c.dice()).isLessThan(1.0).isEqualTo(LabelMaps.dice(label.data(), o.label().data(), 1));
        }
        // Binomial(400, 0.35): standard deviation about 9.5; the bounds are 4 deviations wide.
        assertThat(counts.get(MorphologicalNoise.Operation.DILATION)).isBetween(102, 178);
        assertThat(counts.get(MorphologicalNoise.Operation.EROSION)).isBetween(102, 178);
        assertThat(counts.get(MorphologicalNoise.Operation.EDGE_DISTORTION)).isBetween(84, 156);
    }

    private static int count(Volume v, int c) {
        int n = 0;
        for (float f : v.data()) {
            n += Math.round(f) == c ? 1 : 0;
        }
        return n;
    }

    @Test
    void deterministicPerSeedAndRangeOverridable() {
        Volume label = disc(40, 12);
        MorphologicalNoise m = MorphologicalNoise.jsrt();
        assertThat(m.corrupt(label, 7).label().data()).containsExactly(m.corrupt(label, 7).label().data());
        boolean differs = false;
        for (int s = 8; s < 12; s++) {
            differs |= !java.util.Arrays.equals(m.corrupt(label, 7).label().data(), m.corrupt(label, s).label().data());
        }
        assertThat(differs).isTrue();
        MorphologicalNoise one = m.withRange(MorphologicalNoise.Range.parse("2-2"));
        for (int s = 0; s < 20; s++) {
            MorphologicalNoise.Change c = one.corrupt(label, s).changes().get(0);
            if (c.operation() != MorphologicalNoise.Operation.EDGE_DISTORTION) {
                assertThat(c.radius()).isEqualTo(2);
            }
        }
        assertThatThrownBy(() -> MorphologicalNoise.Range.parse("9-6")).isInstanceOf(PymicException.class);
        assertThatThrownBy(() -> MorphologicalNoise.preset("lungs")).isInstanceOf(PymicException.class)
                .hasMessageContaining("jsrt or acdc");
    }

    @Test
    void acdcPresetLeavesEveryStructurePresentInEverySlice() {
        MorphologicalNoise m = MorphologicalNoise.acdc();
        assertThat(m.range(2)).isEqualTo(new MorphologicalNoise.Range(1, 2));
        CardiacPhantom p = CardiacPhantom.builder().size(128, 128).slices(4).build();
        double sum = 0;
        int n = 0;
        for (int i = 0; i < 12; i++) {
            Volume truth = p.generate(3, i).label();
            MorphologicalNoise.Outcome o = m.corrupt(truth, 50 + i);
            int hw = truth.height() * truth.width();
            for (int z = 0; z < truth.depth(); z++) {
                for (int c = 1; c <= 3; c++) {
                    boolean was = false;
                    boolean is = false;
                    for (int j = z * hw; j < (z + 1) * hw; j++) {
                        was |= Math.round(truth.data()[j]) == c;
                        is |= Math.round(o.label().data()[j]) == c;
                    }
                    assertThat(is).as("class %d of slice %d, case %d", c, z, i).isEqualTo(was);
                }
            }
            for (float v : o.label().data()) {
                assertThat(v).isIn(0f, 1f, 2f, 3f);
            }
            sum += o.meanDice();
            n++;
        }
        assertThat(sum / n).isBetween(0.5, 0.97);
    }

    @Test
    void listsSplitCleanAndNoisyCasesDeterministically() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("data"));
        StringBuilder csv = new StringBuilder("image,label\n");
        for (int i = 0; i < 20; i++) {
            Volume l = disc(32, 6 + i % 5);
            ImageFiles.write(l, root.resolve("label/c" + i + ".png"), "uint8");
            csv.append("image/c").append(i).append(".png,label/c").append(i).append(".png\n");
        }
        Path list = root.resolve("train.csv");
        Files.writeString(list, csv);
        List<String> lines = new ArrayList<>();
        NoisyLabelLists.Result r = NoisyLabelLists.write(list, root, root.resolve("label_noise"), tmp.resolve("lists"),
                MorphologicalNoise.jsrt().withRange(MorphologicalNoise.Range.parse("1-3")), 0.95, 5, lines::add);
        assertThat(r.cases()).isEqualTo(20);
        assertThat(r.corrupted()).hasSize(19);
        assertThat(lines).hasSize(19).allMatch(l -> l.contains("mean Dice"));
        assertThat(r.clean().getFileName().toString()).isEqualTo("train_clean.csv");
        List<String> clean = Files.readAllLines(r.clean(), StandardCharsets.UTF_8);
        List<String> noise = Files.readAllLines(r.noise(), StandardCharsets.UTF_8);
        List<String> mix = Files.readAllLines(r.mix(), StandardCharsets.UTF_8);
        assertThat(clean).hasSize(2).first().isEqualTo("image,label");
        assertThat(clean.get(1)).matches("image/c\\d+\\.png,label/c\\d+\\.png");
        assertThat(noise).hasSize(20);
        assertThat(noise.subList(1, 20)).allMatch(l -> l.matches("image/c(\\d+)\\.png,label_noise/c\\1\\.png"));
        assertThat(mix).containsExactlyElementsOf(concat(clean, noise.subList(1, 20)));
        double meanDice = 0;
        for (NoisyLabelLists.CaseDice c : r.corrupted()) {
            Volume noisy = ImageFiles.read(c.label());
            Volume truth = ImageFiles.read(root.resolve("label").resolve(c.label().getFileName()));
            assertThat(c.meanDice()).isEqualTo(LabelMaps.dice(truth.data(), noisy.data(), 1));
            meanDice += c.meanDice() / 19;
        }
        assertThat(r.meanDice()).isCloseTo(meanDice, org.assertj.core.data.Offset.offset(1e-12));
        byte[] first = Files.readAllBytes(r.noise());
        byte[] firstLabel = Files.readAllBytes(r.corrupted().get(0).label());
        NoisyLabelLists.write(list, root, root.resolve("label_noise"), tmp.resolve("lists"),
                MorphologicalNoise.jsrt().withRange(MorphologicalNoise.Range.parse("1-3")), 0.95, 5, s -> { });
        assertThat(Files.readAllBytes(r.noise())).isEqualTo(first);
        assertThat(Files.readAllBytes(r.corrupted().get(0).label())).isEqualTo(firstLabel);
        NoisyLabelLists.Result other = NoisyLabelLists.write(list, root, root.resolve("label_noise2"), tmp.resolve("l2"),
                MorphologicalNoise.jsrt(), 0.95, 6, s -> { });
        assertThat(Files.readAllLines(other.clean())).isNotEqualTo(clean);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }
}
