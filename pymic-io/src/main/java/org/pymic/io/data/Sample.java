package org.pymic.io.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pymic.core.image.Volume;

/**
 * One case on its way through the transform chain, in plain Java arrays.
 *
 * <ul>
 *   <li>{@code image}: C x D x H x W intensities (modalities as channels);</li>
 *   <li>{@code label}: 1 x D x H x W class indices stored as floats, or, after
 *       {@code LabelToProbability}, K x D x H x W class probabilities; null for unlabelled cases;</li>
 *   <li>{@code pixelWeight}: 1 x D x H x W weight per voxel, 0 where a voxel is not annotated
 *       (scribbles) and a confidence for noisy labels; null means weight 1 everywhere.</li>
 * </ul>
 * Spatial transforms change all three together and append what they did to {@link #history()},
 * so a prediction can be mapped back to the input's grid.
 *
 * <p>A sample can also carry named <em>extra volumes</em> of the image's spatial shape: further
 * views of the image (e.g. {@code strong1}, see {@link SampleViews}) and masks that transforms make
 * (e.g. {@code strong1/cutmix_box}). Spatial transforms move them with the image (linear
 * interpolation for images, nearest for masks) and {@link BatchAssembler} stacks each one into the
 * batch exactly like the image.
 */
public final class Sample {
    private final String name;
    private Volume image;
    private Volume label;
    private Volume pixelWeight;
    private final List<TransformRecord> history = new ArrayList<>();
    private final Map<String, Object> extras = new LinkedHashMap<>();
    private final Map<String, Volume> extraVolumes = new LinkedHashMap<>();
    private final Set<String> masks = new HashSet<>();

    public Sample(String name, Volume image, Volume label, Volume pixelWeight) {
        this.name = name;
        this.image = image;
        this.label = label;
        this.pixelWeight = pixelWeight;
    }

    /** Case name: the image path as written in the case list. */
    public String name() {
        return name;
    }

    public Volume image() {
        return image;
    }

    public void setImage(Volume image) {
        this.image = image;
    }

    public Volume label() {
        return label;
    }

    public void setLabel(Volume label) {
        this.label = label;
    }

    public Volume pixelWeight() {
        return pixelWeight;
    }

    public void setPixelWeight(Volume pixelWeight) {
        this.pixelWeight = pixelWeight;
    }

    /** What the spatial transforms did, oldest first. */
    public List<TransformRecord> history() {
        return history;
    }

    /** Free-form values a method or transform attaches (e.g. the source geometry). */
    public Map<String, Object> extras() {
        return extras;
    }

    /** Adds (or replaces) the image-like extra volume {@code name}, e.g. a strong view of the image. */
    public void putExtraImage(String name, Volume v) {
        putExtra(name, v);
        masks.remove(name);
    }

    /** Adds (or replaces) the 0/1 mask extra volume {@code name}, e.g. a CutMix box. */
    public void putExtraMask(String name, Volume v) {
        putExtra(name, v);
        masks.add(name);
    }

    private void putExtra(String name, Volume v) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an extra volume needs a name");
        }
        extraVolumes.put(name, Objects.requireNonNull(v, name));
    }

    /** The extra volume {@code name}, or null when the sample has none of that name. */
    public Volume extraVolume(String name) {
        return extraVolumes.get(name);
    }

    /** Whether extra volume {@code name} is a mask (moved with nearest interpolation). */
    public boolean isExtraMask(String name) {
        return masks.contains(name);
    }

    /** The extra volumes by name, in the order they were added (read-only). */
    public Map<String, Volume> extraVolumes() {
        return Collections.unmodifiableMap(extraVolumes);
    }
}
