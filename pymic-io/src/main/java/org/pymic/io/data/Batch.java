package org.pymic.io.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pymic.core.error.PymicException;

/**
 * A batch of samples as flat float arrays, ready to become NDArrays inside a training step.
 * Shapes are {N, C, H, W} for 2D networks and {N, C, D, H, W} for 3D ones. {@code label} holds
 * class probabilities (N, K, ...) and {@code pixelWeight} (N, 1, ...) is null when all weights are 1;
 * both are null for unlabelled batches. {@code extras} holds the samples' extra volumes (views of
 * the image such as {@code strong1}, masks such as {@code strong1/cutmix_box}), each stacked and
 * folded exactly like the image, with its own channel count.
 */
public record Batch(float[] image, int[] imageShape,
                    float[] label, int[] labelShape,
                    float[] pixelWeight, int[] weightShape,
                    List<String> names,
                    Map<String, Extra> extras) {

    /** One extra array of a batch: flat data and its shape ({N, C, H, W} or {N, C, D, H, W}, as the image). */
    public record Extra(float[] data, int[] shape) {
    }

    public Batch {
        extras = extras == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /** A batch without extra arrays. */
    public Batch(float[] image, int[] imageShape, float[] label, int[] labelShape, float[] pixelWeight,
                 int[] weightShape, List<String> names) {
        this(image, imageShape, label, labelShape, pixelWeight, weightShape, names, Map.of());
    }

    public int size() {
        return imageShape[0];
    }

    public boolean labelled() {
        return label != null;
    }

    /** Names of the extra arrays, in the order the samples gained them. */
    public Set<String> extraNames() {
        return extras.keySet();
    }

    public boolean hasExtra(String name) {
        return extras.containsKey(name);
    }

    /** The extra array {@code name}; a name the batch does not hold is an error listing those it does. */
    public Extra extra(String name) {
        Extra e = extras.get(name);
        if (e == null) {
            throw PymicException.config("the batch has no extra array '" + name + "'; it has "
                    + (extras.isEmpty() ? "none (declare views on the loader to make some)"
                            : String.join(", ", extras.keySet())));
        }
        return e;
    }
}
