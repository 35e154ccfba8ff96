package org.pymic.io.data;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.io.transform.IntensityTransform;
import org.pymic.io.transform.LabelTransform;
import org.pymic.io.transform.MaskMaker;
import org.pymic.io.transform.Transform;
import org.pymic.io.transform.TransformChain;

/**
 * Named views of every sample of a stream, made on the loader threads after the stream's own
 * transform chain, such as UniMatch's two strong views of an unlabelled image (Yang et al.,
 * CVPR 2023). For each view name, in order, the sample's image is copied and the view chain is
 * applied to the copy with a generator of its own, seeded by one draw from the sample's generator:
 * views are deterministic per seed, independent of one another, and leave the stream's own image
 * (the weak view) exactly as it would be without them. The view's image becomes the extra volume
 * {@code <view>} and each mask the view chain makes becomes {@code <view>/<key>} (e.g.
 * {@code strong1/cutmix_box}); the batch then holds them as {@link Batch#extra(String)}.
 *
 * <p>A view must stay voxel-aligned with its stream's image and label, so the view chain may hold
 * only intensity transforms and mask makers; a spatial or label transform is refused when the views
 * are declared.
 *
 * <pre>{@code
 * SampleViews strong = SampleViews.fromConfig(dataset, "train_transform_strong", List.of("strong1", "strong2"));
 * BatchLoader unlabelled = BatchLoader.builder(unlabelledDataset).views(strong)...build();
 * Batch.Extra s1 = unlabelled.next().extra("strong1");
 * }</pre>
 */
public final class SampleViews {
    private final TransformChain chain;
    private final List<String> names;

    private SampleViews(TransformChain chain, List<String> names, String origin) {
        if (names == null || names.isEmpty()) {
            throw PymicException.config(origin + ": no view names given");
        }
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (n == null || n.isBlank() || n.contains("/")) {
                throw PymicException.config(origin + ": view name '" + n + "' must be non-empty and without '/'");
            }
            if (!seen.add(n)) {
                throw PymicException.config(origin + ": view '" + n + "' is named twice");
            }
        }
        for (Transform t : chain.transforms()) {
            if (!(t instanceof IntensityTransform) && !(t instanceof MaskMaker)) {
                String what = t instanceof LabelTransform ? "changes the label" : "is a spatial transform";
                throw PymicException.config(origin + ": " + t.name() + " " + what + "; a view must stay aligned with"
                        + " its stream's image and label, so a view chain may hold only intensity transforms and mask"
                        + " makers (e.g. RandomColorJitter, RandomGaussianBlur, RandomCutMixBox): put " + t.name()
                        + " in the stream's own transform chain");
            }
        }
        this.chain = chain;
        this.names = List.copyOf(names);
    }

    /** Views {@code names}, each made by {@code chain} (intensity transforms and mask makers only). */
    public static SampleViews of(TransformChain chain, List<String> names) {
        return new SampleViews(chain, names, "view chain " + chain);
    }

    /**
     * Views {@code names} made by the chain named in {@code dataset}'s key {@code chainKey} (e.g.
     * {@code train_transform_strong = [RandomColorJitter, RandomGaussianBlur, RandomCutMixBox]}),
     * whose transforms take their parameters from the usual {@code <Transform>_<param>} keys, as
     * {@link TransformChain#fromConfig(ConfigSection, List)}.
     */
    public static SampleViews fromConfig(ConfigSection dataset, String chainKey, List<String> names) {
        List<String> transforms = dataset.getStringList(chainKey);
        String origin = dataset.entry(chainKey).map(org.pymic.core.config.ConfigEntry::location).orElse(dataset.location()) + ": ["
                + dataset.name() + "] " + chainKey;
        if (transforms == null || transforms.isEmpty()) {
            throw PymicException.config(origin + " is not set: views " + String.join(", ", names)
                    + " need a list of transforms");
        }
        return new SampleViews(TransformChain.fromConfig(dataset, transforms), names, origin);
    }

    public List<String> names() {
        return names;
    }

    public TransformChain chain() {
        return chain;
    }

    /** Adds the views of {@code s} as its extra volumes and returns it; draws one long per view from {@code rng}. */
    public Sample apply(Sample s, RandomGenerator rng) {
        for (String view : names) {
            long seed = rng.nextLong();
            Volume img = s.image();
            Sample v = new Sample(s.name(), img.withData(img.data().clone(), img.channels()), s.label(),
                    s.pixelWeight());
            v.extras().putAll(s.extras());
            v = chain.apply(v, new SplittableRandom(seed));
            put(s, view, v.image(), false);
            for (Map.Entry<String, Volume> e : v.extraVolumes().entrySet()) {
                put(s, view + "/" + e.getKey(), e.getValue(), v.isExtraMask(e.getKey()));
            }
        }
        return s;
    }

    private static void put(Sample s, String name, Volume v, boolean mask) {
        if (s.extraVolume(name) != null) {
            throw PymicException.config("view " + name + ": the sample already has an extra volume of that name");
        }
        if (mask) {
            s.putExtraMask(name, v);
        } else {
            s.putExtraImage(name, v);
        }
    }

    @Override
    public String toString() {
        return names + " by " + chain;
    }
}
