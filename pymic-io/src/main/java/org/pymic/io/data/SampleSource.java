package org.pymic.io.data;

import java.util.random.RandomGenerator;

/**
 * Indexed samples a {@link BatchLoader} draws from: a {@link SegmentationDataset}, or anything
 * else that makes samples (synthetic data, tests). {@link #get} must be thread-safe and use only
 * {@code rng} for randomness.
 */
public interface SampleSource {
    int size();

    Sample get(int index, RandomGenerator rng);

    /** Where case {@code index} comes from, for error messages. */
    default String describe(int index) {
        return "case " + index;
    }
}
