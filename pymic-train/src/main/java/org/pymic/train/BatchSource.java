package org.pymic.train;

import org.pymic.io.data.Batch;

/**
 * An endless stream of training batches, consumed on the training thread. Sources are opened at a start
 * iteration so that a resumed run sees the same batches as an uninterrupted one when the loader derives
 * its randomness from (seed, iteration).
 */
public interface BatchSource extends AutoCloseable {

    /** The next batch (blocks until the loader has it). */
    Batch next();

    @Override
    default void close() {
    }

    /** Opens a source positioned at an iteration. */
    @FunctionalInterface
    interface Opener {
        BatchSource open(int startIteration);
    }
}
