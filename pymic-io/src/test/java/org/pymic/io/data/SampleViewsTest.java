package org.pymic.io.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.pymic.core.config.ConfigEntry;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.config.ConfigValues;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;
import org.pymic.io.transform.Transform;
import org.pymic.io.transform.TransformChain;

class SampleViewsTest {
    private static final List<String> STRONG = List.of("strong1", "strong2");

    private static Transform make(String name, Map<String, ?> p) {
        ComponentSpec spec = Registry.global().require(ComponentKind.TRANSFORM, name);
        return spec.create(Params.resolve(spec, p));
    }

    private static ConfigSection dataset(String... keyValues) {
        ConfigSection s = new ConfigSection("dataset", "semi.cfg", 1);
        for (int i = 0; i < keyValues.length; i += 2) {
            s.put(new ConfigEntry(keyValues[i].toLowerCase(), ConfigValues.parse(keyValues[i + 1]), keyValues[i + 1],
                    "semi.cfg", i / 2 + 2));
        }
        return s;
    }

    /** UniMatch's strong chain, every step certain so that the views always differ from the image. */
    private static SampleViews strong() {
        return SampleViews.of(new TransformChain(List.of(
                make("RandomColorJitter", Map.of("probability", 1.0)),
                make("RandomGaussianBlur", Map.of("probability", 1.0)),
                make("RandomCutMixBox", Map.of("probability", 1.0)))), STRONG);
    }

    /** Unlabelled seeded 2 x 12 x 12 volumes through a random crop and noise (the stream's own chain). */
    private static final class Unlabelled implements SampleSource {
        final TransformChain chain = new TransformChain(List.of(
                make("RandomCrop", Map.of("output_size", List.of(8, 8))),
                make("RandomFlip", Map.of()),
                make("GaussianNoise", Map.of("mean", 0.0, "std", 0.1))));

        @Override
        public int size() {
            return 5;
        }

        @Override
        public Sample get(int index, RandomGenerator rng) {
            SplittableRandom data = new SplittableRandom(index);
            float[] img = new float[2 * 12 * 12];
            for (int i = 0; i < img.length; i++) {
                img[i] = (float) data.nextDouble();
            }
            return chain.apply(new Sample("case" + index, Volume.of(img, 1, 2, 12, 12), null, null), rng);
        }
    }

    private static List<Batch> take(int workers, long seed, boolean withViews) {
        List<Batch> out = new ArrayList<>();
        BatchLoader.Builder b = BatchLoader.builder(new Unlabelled()).batchSize(2).numWorkers(workers).seed(seed)
                .shuffle(true).endless(true).networkDim(2);
        if (withViews) {
            b.views(strong());
        }
        try (BatchLoader l = b.build()) {
            for (int i = 0; i < 4; i++) {
                out.add(l.next());
            }
        }
        return out;
    }

    @Test
    void viewsAreTheSameForASeedWhateverTheNumberOfWorkers() {
        List<Batch> inline = take(0, 7, true);
        List<Batch> two = take(2, 7, true);
        List<Batch> otherSeed = take(0, 8, true);
        for (int i = 0; i < inline.size(); i++) {
            Batch a = inline.get(i);
            Batch b = two.get(i);
            assertThat(b.names()).isEqualTo(a.names());
            assertThat(b.extraNames()).containsExactly("strong1", "strong1/cutmix_box", "strong2", "strong2/cutmix_box");
            for (String name : a.extraNames()) {
                assertThat(b.extra(name).data()).as(name).containsExactly(a.extra(name).data());
                assertThat(b.extra(name).shape()).as(name).containsExactly(a.extra(name).shape());
            }
            assertThat(otherSeed.get(i).extra("strong1").data()).isNotEqualTo(a.extra("strong1").data());
        }
    }

    @Test
    void viewsDrawIndependentlyAndLeaveTheStreamsImageAsWithoutThem() {
        List<Batch> with = take(2, 3, true);
        List<Batch> without = take(2, 3, false);
        for (int i = 0; i < with.size(); i++) {
            Batch b = with.get(i);
            assertThat(b.image()).containsExactly(without.get(i).image());
            assertThat(without.get(i).extraNames()).isEmpty();
            assertThat(b.extra("strong1").data()).isNotEqualTo(b.image());
            assertThat(b.extra("strong1").data()).isNotEqualTo(b.extra("strong2").data());
            assertThat(b.extra("strong1/cutmix_box").data()).isNotEqualTo(b.extra("strong2/cutmix_box").data());
        }
    }

    @Test
    void viewArraysAreFoldedLikeTheImageForTwoDimensionalNetworks() {
        Batch b = take(0, 1, true).get(0);
        // 2 samples of 2 slices: 4 items of 8 x 8
        assertThat(b.imageShape()).containsExactly(4, 1, 8, 8);
        assertThat(b.extra("strong1").shape()).containsExactly(4, 1, 8, 8);
        assertThat(b.extra("strong2/cutmix_box").shape()).containsExactly(4, 1, 8, 8);
        assertThat(b.extra("strong1/cutmix_box").data()).containsOnly(0f, 1f);
    }

    @Test
    void aViewChainWithASpatialOrLabelTransformIsRefusedNamingIt() {
        TransformChain spatial = new TransformChain(List.of(make("RandomColorJitter", Map.of()),
                make("RandomFlip", Map.of())));
        assertThatThrownBy(() -> SampleViews.of(spatial, STRONG))
                .isInstanceOf(PymicException.class)
                .hasMessageContaining("RandomFlip is a spatial transform");
        TransformChain label = new TransformChain(List.of(make("LabelConvertNonzero", Map.of())));
        assertThatThrownBy(() -> SampleViews.of(label, STRONG)).hasMessageContaining("LabelConvertNonzero changes the label");
        ConfigSection ds = dataset("train_transform_strong", "[RandomGaussianBlur, RandomRot90]");
        assertThatThrownBy(() -> SampleViews.fromConfig(ds, "train_transform_strong", STRONG))
                .hasMessageContaining("semi.cfg:2")
                .hasMessageContaining("train_transform_strong")
                .hasMessageContaining("RandomRot90 is a spatial transform");
    }

    @Test
    void theChainComesFromADatasetKeyWithTheUsualTransformParameters() {
        ConfigSection ds = dataset(
                "train_transform_strong", "[RandomColorJitter, RandomGaussianBlur, RandomCutMixBox]",
                "RandomColorJitter_probability", "0.0",
                "RandomGaussianBlur_probability", "0.0",
                "RandomCutMixBox_probability", "1.0",
                "RandomCutMixBox_size_min", "0.25",
                "RandomCutMixBox_size_max", "0.25");
        SampleViews v = SampleViews.fromConfig(ds, "train_transform_strong", STRONG);
        assertThat(v.chain().transforms()).extracting(Transform::name)
                .containsExactly("RandomColorJitter", "RandomGaussianBlur", "RandomCutMixBox");
        float[] img = new float[16 * 16];
        for (int i = 0; i < img.length; i++) {
            img[i] = i;
        }
        Sample s = v.apply(new Sample("c", Volume.of(img, 1, 1, 16, 16), null, null), new SplittableRandom(1));
        // no jitter, no blur: the views are copies of the image; boxes of a quarter of the slice (floors may trim)
        assertThat(s.extraVolume("strong1").data()).containsExactly(img).isNotSameAs(img);
        for (String view : STRONG) {
            double ones = 0;
            for (float f : s.extraVolume(view + "/cutmix_box").data()) {
                ones += f;
            }
            assertThat(ones).as(view).isBetween(36.0, 64.0);
            assertThat(s.isExtraMask(view + "/cutmix_box")).isTrue();
        }
        assertThat(s.isExtraMask("strong1")).isFalse();
        assertThat(s.image().data()).isSameAs(img);
    }

    @Test
    void missingChainKeyAndBadViewNamesAreConfigErrors() {
        assertThatThrownBy(() -> SampleViews.fromConfig(dataset(), "train_transform_strong", STRONG))
                .isInstanceOf(PymicException.class)
                .hasMessageContaining("[dataset] train_transform_strong is not set")
                .hasMessageContaining("strong1, strong2");
        TransformChain c = TransformChain.identity();
        assertThatThrownBy(() -> SampleViews.of(c, List.of("a", "a"))).hasMessageContaining("'a' is named twice");
        assertThatThrownBy(() -> SampleViews.of(c, List.of("a/b"))).hasMessageContaining("'a/b'");
        assertThatThrownBy(() -> BatchLoader.builder(new Unlabelled()).views(SampleViews.of(c, List.of("s")))
                .views(SampleViews.of(c, List.of("s"))).build())
                .hasMessageContaining("view 's' is declared twice");
    }
}
