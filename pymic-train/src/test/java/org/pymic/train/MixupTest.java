package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;
import org.pymic.core.error.PymicException;
import org.pymic.io.data.Batch;
import org.pymic.loss.DiceLoss;
import org.pymic.loss.LossInput;
import org.pymic.loss.SegLoss;
import org.pymic.train.method.EntropyMinimization;
import org.pymic.train.method.FullySupervised;

/** [training] mixup_probability: the batch the loss sees, with probability 1 and 0. */
class MixupTest {
    private static final int S = TinyProblem.SIZE;
    private static final int V = S * S;

    /** Two samples: an all-0 image labelled background everywhere, an all-1 image labelled foreground. */
    private static BatchSource.Opener blackAndWhite() {
        return start -> () -> {
            float[] img = new float[2 * V];
            float[] lab = new float[2 * 2 * V];
            for (int p = 0; p < V; p++) {
                img[V + p] = 1f;
                lab[p] = 1f; // sample 0, class 0
                lab[3 * V + p] = 1f; // sample 1, class 1
            }
            return new Batch(img, new int[] {2, 1, S, S}, lab, new int[] {2, 2, S, S}, null, null, List.of("a", "b"));
        };
    }

    /** Dice loss that records the image and target it is given. */
    private static final class Recording implements SegLoss {
        final List<float[]> images = new ArrayList<>();
        final List<float[]> targets = new ArrayList<>();
        final DiceLoss dice = new DiceLoss();

        @Override
        public NDArray compute(LossInput in) {
            images.add(in.image().toFloatArray());
            targets.add(in.target().toFloatArray());
            return dice.compute(in);
        }

        @Override
        public NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight) {
            return dice.compute(logits, target, pixelWeight);
        }

        @Override
        public String name() {
            return "recording";
        }
    }

    private static Recording train(Path dir, double probability, int iterations) {
        Recording loss = new Recording();
        Config cfg = TinyProblem.config(dir, iterations, iterations, "training.mixup_probability=" + probability);
        try (SegmentationTrainer t = SegmentationTrainer.builder(cfg)
                .setMethod(new FullySupervised(), null)
                .setNetworkFactory(TinyProblem.tinyNetworks(1))
                .setLoss(loss)
                .setOptimizerFactory((name, net) -> TinyProblem.adam(net, 0.01))
                .setLabelled(blackAndWhite())
                .optProgress(false)
                .build()) {
            t.train();
        }
        return loss;
    }

    @Test
    void probabilityOneFeedsTheLossAConvexMixOfImagesAndLabels(@TempDir Path dir) {
        Recording loss = train(dir, 1.0, 4);
        assertThat(loss.images).hasSize(4);
        boolean strictlyMixed = false;
        for (int step = 0; step < 4; step++) {
            float[] img = loss.images.get(step);
            float[] lab = loss.targets.get(step);
            for (int i = 0; i < 2; i++) {
                // sample i is lambda * x[p1(i)] + (1 - lambda) * x[p2(i)]: with images 0 and 1 its value is the
                // weight of the white sample, constant over the sample, and its label mixes with the same weight
                float w = img[i * V];
                assertThat(w).isBetween(0f, 1f);
                for (int p = 0; p < V; p++) {
                    assertThat(img[i * V + p]).isEqualTo(w);
                    assertThat(lab[(2 * i) * V + p]).isCloseTo(1 - w, within(1e-6f));
                    assertThat(lab[(2 * i + 1) * V + p]).isCloseTo(w, within(1e-6f));
                }
                strictlyMixed |= w > 1e-3f && w < 1 - 1e-3f;
            }
        }
        assertThat(strictlyMixed).as("some sample mixes both images").isTrue();
    }

    @Test
    void probabilityZeroLeavesTheBatchAsItIs(@TempDir Path dir) {
        Recording loss = train(dir, 0.0, 3);
        for (int step = 0; step < 3; step++) {
            float[] img = loss.images.get(step);
            assertThat(img[0]).isEqualTo(0f);
            assertThat(img[V]).isEqualTo(1f);
            assertThat(loss.targets.get(step)[0]).isEqualTo(1f);
            assertThat(loss.targets.get(step)[3 * V]).isEqualTo(1f);
        }
    }

    @Test
    void mixOfGivenPermutationsAndWeights() {
        Batch b = new Batch(new float[] {1, 2, 10, 20}, new int[] {2, 1, 1, 2}, new float[] {1, 0, 0, 1},
                new int[] {2, 2, 1, 1}, null, null, List.of("a", "b"));
        Batch m = Mixup.mix(b, new int[] {0, 1}, new int[] {1, 0}, new double[] {0.25, 0.5});
        assertThat(m.image()).containsExactly(0.25f * 1 + 0.75f * 10, 0.25f * 2 + 0.75f * 20, 5.5f, 11f);
        assertThat(m.label()).containsExactly(0.25f, 0.75f, 0.5f, 0.5f);
    }

    @Test
    void outOfRangeOrOtherMethodsAreRefusedByName(@TempDir Path dir) {
        Config bad = TinyProblem.config(dir, 1, 1, "training.mixup_probability=1.5");
        assertThatThrownBy(() -> Mixup.fromConfig(bad.section("training"), new FullySupervised(), 1))
                .isInstanceOf(PymicException.class).hasMessageContaining("mixup_probability").hasMessageContaining("1.5");
        Config semi = TinyProblem.config(dir, 1, 1, "training.mixup_probability=0.5");
        assertThatThrownBy(() -> Mixup.fromConfig(semi.section("training"), new EntropyMinimization(0.1, 0, null), 1))
                .isInstanceOf(PymicException.class).hasMessageContaining("mixup_probability")
                .hasMessageContaining("fully supervised");
    }
}
