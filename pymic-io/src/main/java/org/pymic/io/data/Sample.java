package org.pymic.io.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
public final class Sample {
    private final String name;
    private Volume image;
    private Volume label;
    private Volume pixelWeight;
    private final List<TransformRecord> history = new ArrayList<>();
    private final Map<String, Object> extras = new LinkedHashMap<>();

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
}
