package org.pymic.io.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;
import org.pymic.io.transform.Transform;
import org.pymic.io.transform.TransformChain;

class BatchLoaderTest {

    private static Transform make(String name, Map<String, ?> p) {
        ComponentSpec spec = Registry.global().require(ComponentKind.TRANSFORM, name);
        return spec.create(Params.resolve(spec, p));
    }

    /** Seeded random cases pushed through random transforms. */
    private static class Synthetic implements SampleSource {
        final int n;
        final TransformChain chain = new TransformChain(List.of(
                make("RandomCrop", Map.of("output_size", List.of(6, 6))),
                make("RandomFlip", Map.of()),
                make("GaussianNoise", Map.of("mean", 0.0, "std", 1.0))));
        final int failAt;

        Synthetic(int n, int failAt) {
            this.n = n;
            this.failAt = failAt;
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public Sample get(int index, RandomGenerator rng) {
            if (index == failAt) {
                throw PymicException.input("case" + index + ".nii.gz: truncated file");
            }
            SplittableRandom data = new SplittableRandom(index);
            float[] img = new float[2 * 10 * 10];
            float[] lab = new float[2 * 10 * 10];
            for (int i = 0; i < img.length; i++) {
                img[i] = (float) data.nextDouble();
                lab[i] = data.nextInt(3);
            }
            Sample s = new Sample("case" + index, Volume.of(img, 1, 2, 10, 10), Volume.of(lab, 1, 2, 10, 10), null);
            return chain.apply(s, rng);
        }

        @Override
        public String describe(int index) {
            return "list.csv:row " + (index + 2);
        }
    }

    private static List<Batch> take(int workers, int count) {
        List<Batch> out = new ArrayList<>();
        try (BatchLoader l = BatchLoader.builder(new Synthetic(7, -1)).batchSize(3).numWorkers(workers).seed(42)
                .shuffle(true).endless(true).classNum(3).networkDim(3).build()) {
            for (int i = 0; i < count; i++) {
                out.add(l.next());
            }
        }
        return out;
    }

    @Test
    void sameBatchesWhateverTheNumberOfWorkers() {
        List<Batch> one = take(1, 7);
        List<Batch> three = take(3, 7);
        List<Batch> inline = take(0, 7);
        for (int i = 0; i < one.size(); i++) {
            assertThat(three.get(i).names()).isEqualTo(one.get(i).names());
            assertThat(three.get(i).image()).containsExactly(one.get(i).image());
            assertThat(three.get(i).label()).containsExactly(one.get(i).label());
            assertThat(inline.get(i).image()).containsExactly(one.get(i).image());
        }
    }

    @Test
    void skippingBatchesLoadsNothingAndContinuesWhereNextWouldHave() {
        List<Batch> straight = take(0, 9);
        int[] loads = {0};
        SampleSource counting = new Synthetic(7, -1) {
            @Override
            public Sample get(int index, RandomGenerator rng) {
                loads[0]++;
                return super.get(index, rng);
            }
        };
        for (int workers : new int[] {0, 2}) {
            loads[0] = 0;
            // 7 batches = two epochs of 3 and one into the third: the skip crosses epoch boundaries
            try (BatchLoader l = BatchLoader.builder(counting).batchSize(3).numWorkers(workers).seed(42)
                    .shuffle(true).endless(true).classNum(3).networkDim(3).skipBatches(7).prefetch(1).build()) {
                Batch b7 = l.next();
                assertThat(b7.names()).isEqualTo(straight.get(7).names());
                assertThat(b7.image()).containsExactly(straight.get(7).image());
                assertThat(l.epoch()).isEqualTo(2);
                assertThat(l.next().names()).isEqualTo(straight.get(8).names());
            }
            // only the batches taken and the prefetched ones are loaded, never the skipped ones
            assertThat(loads[0]).as("workers %d", workers).isLessThanOrEqualTo(4 * 3);
        }
    }

    @Test
    void epochsVisitEveryCaseOnceInANewOrder() {
        List<Batch> b = take(2, 6); // 7 cases, batch 3: batches of 3, 3, 1 per epoch
        assertThat(b.get(2).size()).isEqualTo(1);
        List<String> e0 = new ArrayList<>();
        List<String> e1 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            e0.addAll(b.get(i).names());
            e1.addAll(b.get(i + 3).names());
        }
        assertThat(e0).containsExactlyInAnyOrder("case0", "case1", "case2", "case3", "case4", "case5", "case6");
        assertThat(e1).containsExactlyInAnyOrderElementsOf(e0);
        assertThat(e1).isNotEqualTo(e0);
        // same case, different epoch: different augmentation
        assertThat(b.get(0).imageShape()).containsExactly(3, 1, 2, 6, 6);
        assertThat(b.get(0).labelShape()).containsExactly(3, 3, 2, 6, 6);
    }

    @Test
    void oneEpochEndsWithoutEndless() {
        int count = 0;
        try (BatchLoader l = BatchLoader.builder(new Synthetic(5, -1)).batchSize(2).numWorkers(2).classNum(3)
                .build()) {
            while (l.hasNext()) {
                l.next();
                count++;
            }
            assertThat(l.batchesPerEpoch()).isEqualTo(3);
        }
        assertThat(count).isEqualTo(3);
    }

    @Test
    void workerFailureNamesTheCase() {
        try (BatchLoader l = BatchLoader.builder(new Synthetic(4, 2)).batchSize(2).numWorkers(3).classNum(3)
                .build()) {
            l.next();
            assertThatThrownBy(l::next)
                    .isInstanceOf(PymicException.class)
                    .hasMessageContaining("list.csv:row 4")
                    .hasMessageContaining("case2.nii.gz");
        }
    }

    @Test
    void twoDimensionalNetworksFoldSlicesIntoTheBatch() {
        try (BatchLoader l = BatchLoader.builder(new Synthetic(2, -1)).batchSize(2).classNum(3).networkDim(2)
                .build()) {
            Batch b = l.next();
            assertThat(b.imageShape()).containsExactly(4, 1, 6, 6); // 2 samples x 2 slices
            assertThat(b.labelShape()).containsExactly(4, 3, 6, 6);
            assertThat(b.names()).hasSize(2);
        }
    }
}
