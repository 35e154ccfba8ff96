package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.image.Volume;
import org.pymic.io.data.Sample;
import org.pymic.io.data.TransformRecord;

/**
 * One step of a data transform chain (PyMIC's {@code pymic/transform}), on plain Java arrays.
 *
 * <p>{@link #apply} changes a {@link Sample} (image, label, pixel weight together) using only the
 * given random generator, so a chain is reproducible from a seed on any thread. A spatial transform
 * appends a {@link TransformRecord} to {@link Sample#history()}; {@link #invert} maps a prediction
 * of the transformed grid back through that record. {@link #appliesToInference()} is PyMIC's
 * {@code <Transform>_inverse} flag: whether the transform runs at inference time and is inverted on
 * the prediction.
 */
public interface Transform {

    /** The registered (PyMIC) name, e.g. {@code RandomCrop}. */
    String name();

    /** Transforms the sample in place or by replacing its volumes, and returns it. */
    Sample apply(Sample s, RandomGenerator rng);

    /** PyMIC's {@code inverse} flag. */
    boolean appliesToInference();

    /** Maps a prediction (K channels of probabilities) back through what this transform did. */
    default Volume invert(Volume prediction, TransformRecord record) {
        return invert(prediction, record, Interpolation.LINEAR);
    }

    /**
     * Maps a prediction back through {@code record}: {@link Interpolation#LINEAR} for probabilities,
     * {@link Interpolation#NEAREST} for label maps. Non-spatial transforms return it unchanged.
     */
    default Volume invert(Volume prediction, TransformRecord record, Interpolation interpolation) {
        return prediction;
    }
}
