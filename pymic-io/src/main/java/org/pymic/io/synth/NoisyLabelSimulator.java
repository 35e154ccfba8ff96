package org.pymic.io.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.pymic.core.image.Volume;

/**
 * Simulates noisy (imprecise) annotations from clean label maps, as used to study noisy-label
 * learning (e.g. Zhang et al., "Characterizing label errors: confident learning for noisy-labeled
 * image segmentation", MICCAI 2020; PyMIC's JSRT noisy-label examples): on a chosen fraction of the
 * cases every structure (label != 0) gets, in random order, a random disk dilation, a random disk
 * erosion or a boundary distortion, the latter being a warp of the structure's mask by a smooth
 * random displacement field ({@link SmoothFields}). Voxels a structure gives up take the label of
 * their nearest neighbour outside it, so no holes appear.
 *
 * <p>The strength adapts per structure so that its Dice with the truth lands in
 * [{@code minDice}, {@code maxDice}] and no other structure drops below {@code minDice}.
 * Operations are in-plane (per slice). Results depend only on the label and the seed.
 */
public final class NoisyLabelSimulator {
    private static final long STREAM = 3;
    private static final int ATTEMPTS = 8;

    private final double fraction;
    private final double minDice;
    private final double maxDice;

    private NoisyLabelSimulator(Builder b) {
        this.fraction = b.fraction;
        this.minDice = b.minDice;
        this.maxDice = b.maxDice;
    }

    public static Builder builder() {
        return new Builder();
    }

    public double fraction() {
        return fraction;
    }

    /** Which of {@code n} cases get noisy labels: exactly round(fraction * n), chosen by the seed. */
    public boolean[] selectNoisy(int n, long seed) {
        int k = (int) Math.round(fraction * n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom r = CaseRandom.of(seed, n, STREAM + 100);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] noisy = new boolean[n];
        for (int i = 0; i < k; i++) {
            noisy[order[i]] = true;
        }
        return noisy;
    }

    /** A corrupted copy of a one-channel label map, with the label's geometry and header. */
    public Volume corrupt(Volume label, long seed) {
        LabelMaps.requireLabelMap(label);
        SplittableRandom r = CaseRandom.of(seed, 0, STREAM);
        float[] truth = label.data();
        float[] cur = truth.clone();
        List<Integer> structures = new ArrayList<>(LabelMaps.classes(label));
        structures.remove(Integer.valueOf(0));
        for (int i = structures.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            structures.set(i, structures.set(j, structures.get(i)));
        }
        for (int c : structures) {
            double strength = 1.0;
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                float[] cand = cur.clone();
                Perturbation op = Perturbation.random(r, strength);
                op.apply(cand, label.depth(), label.height(), label.width(), c, r);
                double own = LabelMaps.dice(truth, cand, c);
                boolean othersOk = true;
                for (int o : structures) {
                    othersOk &= LabelMaps.dice(truth, cand, o) >= minDice;
                }
                if (othersOk && own <= maxDice) {
                    cur = cand;
                    break;
                }
                strength *= othersOk ? 1.4 : 0.6;
            }
        }
        return label.withData(cur, 1);
    }

    /** Builder of {@link NoisyLabelSimulator}: half of the cases noisy, Dice per structure in [0.6, 0.95]. */
    public static final class Builder {
        private double fraction = 0.5;
        private double minDice = 0.6;
        private double maxDice = 0.95;

        /** Fraction of cases whose labels are corrupted (0 to 1). */
        public Builder fraction(double fraction) {
            if (fraction < 0 || fraction > 1) {
                throw new IllegalArgumentException("noisy fraction must be in [0, 1], got " + fraction);
            }
            this.fraction = fraction;
            return this;
        }

        /** Bounds of the Dice between a corrupted structure and its truth. */
        public Builder diceRange(double min, double max) {
            if (!(min > 0 && min < max && max < 1)) {
                throw new IllegalArgumentException("Dice range must satisfy 0 < min < max < 1, got " + min + ", " + max);
            }
            this.minDice = min;
            this.maxDice = max;
            return this;
        }

        public NoisyLabelSimulator build() {
            return new NoisyLabelSimulator(this);
        }
    }
}
