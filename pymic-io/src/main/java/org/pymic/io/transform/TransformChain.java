package org.pymic.io.transform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;
import org.pymic.io.data.Sample;
import org.pymic.io.data.TransformRecord;

/**
 * An ordered list of transforms, as named by {@code [dataset] train_transform} (etc.). Each
 * transform's parameters are the {@code [dataset]} keys {@code <name>_<param>} (case-insensitive).
 * The chain is stateless and can be shared by loader threads: all randomness comes from the
 * generator passed to {@link #apply}.
 */
public final class TransformChain {
    /** Transforms whose {@code output_size} defaults to {@code [dataset] patch_size} (PyMIC's 3D examples). */
    private static final java.util.Set<String> PATCH_SIZED = java.util.Set.of("Pad", "RandomCrop", "CenterCrop");

    private final List<Transform> transforms;

    public TransformChain(List<Transform> transforms) {
        this.transforms = List.copyOf(transforms);
    }

    /** The empty chain. */
    public static TransformChain identity() {
        return new TransformChain(List.of());
    }

    /** Builds the named transforms from {@code dataset}'s {@code <name>_<param>} keys. */
    public static TransformChain fromConfig(ConfigSection dataset, List<String> names) {
        return fromConfig(dataset, names, null);
    }

    /**
     * As {@link #fromConfig(ConfigSection, List)}; {@code classNum} (the network's class count, may
     * be null) is the default of {@code LabelToProbability_class_num} and
     * {@code PartialLabelToProbability_class_num}, as PyMIC's config synchronisation does; and
     * {@code [dataset] patch_size} is the default {@code output_size} of Pad, RandomCrop and CenterCrop
     * (the 3D examples of PyMIC_examples give only {@code patch_size}).
     */
    public static TransformChain fromConfig(ConfigSection dataset, List<String> names, Integer classNum) {
        List<Transform> out = new ArrayList<>();
        if (names == null) {
            return new TransformChain(out);
        }
        Registry registry = Registry.global();
        for (String name : names) {
            ComponentSpec spec;
            try {
                spec = registry.require(ComponentKind.TRANSFORM, name);
            } catch (PymicException e) {
                throw new PymicException(e.exitCode(), where(dataset) + ": " + e.getMessage(), e);
            }
            Map<String, Object> values = paramsOf(dataset, spec.name());
            if (classNum != null && spec.param("class_num").isPresent() && values.get("class_num") == null) {
                values.put("class_num", classNum);
            }
            Object patch = dataset == null ? null : dataset.get("patch_size");
            if (patch != null && PATCH_SIZED.contains(spec.name()) && values.get("output_size") == null) {
                values.put("output_size", patch);
            }
            Params p;
            try {
                p = Params.resolve(spec, values);
            } catch (PymicException e) {
                throw new PymicException(e.exitCode(), where(dataset) + ": [" + dataset.name() + "] "
                        + e.getMessage() + " (keys are written " + spec.name() + "_<param>)", e);
            }
            try {
                out.add(spec.create(p));
            } catch (PymicException e) {
                throw new PymicException(e.exitCode(), where(dataset) + ": [" + (dataset == null ? "dataset"
                        : dataset.name()) + "] " + e.getMessage(), e);
            }
        }
        return new TransformChain(out);
    }

    private static String where(ConfigSection s) {
        return s == null ? "config" : s.location();
    }

    /** Keys of {@code dataset} starting with {@code name_} (any case), prefix removed. */
    static Map<String, Object> paramsOf(ConfigSection dataset, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (dataset == null) {
            return m;
        }
        String prefix = name.toLowerCase(Locale.ROOT) + "_";
        dataset.values().forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                m.put(k.substring(prefix.length()), v);
            }
        });
        return m;
    }

    public List<Transform> transforms() {
        return Collections.unmodifiableList(transforms);
    }

    /** Applies every transform in order. */
    public Sample apply(Sample s, RandomGenerator rng) {
        Sample cur = s;
        for (Transform t : transforms) {
            cur = t.apply(cur, rng);
        }
        return cur;
    }

    /**
     * Maps a prediction back to the grid of the untransformed input: the records of
     * {@code history} are undone newest first, by the transform of the same name, for transforms
     * whose {@code inverse} flag is set (as PyMIC). Use {@link Interpolation#LINEAR} for
     * probabilities and {@link Interpolation#NEAREST} for label maps.
     */
    public Volume invert(Volume prediction, List<TransformRecord> history, Interpolation interpolation) {
        Volume v = prediction;
        for (int i = history.size() - 1; i >= 0; i--) {
            TransformRecord r = history.get(i);
            Transform t = find(r.transform());
            if (t != null && t.appliesToInference()) {
                v = t.invert(v, r, interpolation);
            }
        }
        return v;
    }

    private Transform find(String name) {
        for (Transform t : transforms) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return transforms.stream().map(Transform::name).toList().toString();
    }
}
