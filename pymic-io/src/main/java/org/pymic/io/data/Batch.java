package org.pymic.io.data;

import java.util.List;

/**
 * A batch of samples as flat float arrays, ready to become NDArrays inside a training step.
 * Shapes are {N, C, H, W} for 2D networks and {N, C, D, H, W} for 3D ones. {@code label} holds
 * class probabilities (N, K, ...) and {@code pixelWeight} (N, 1, ...) is null when all weights are 1;
 * both are null for unlabelled batches.
 */
public record Batch(float[] image, int[] imageShape,
                    float[] label, int[] labelShape,
                    float[] pixelWeight, int[] weightShape,
                    List<String> names) {

    public int size() {
        return imageShape[0];
    }

    public boolean labelled() {
        return label != null;
    }
}
