package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * Splits network outputs of a concatenated batch (labelled images first, unlabelled after) along the
 * batch axis; every output (main and auxiliary logits) is split the same way.
 */
public final class SplitOutputs {
    private SplitOutputs() {
    }

    /** The first {@code n} samples of every output. */
    public static NDList head(NDList outputs, long n) {
        return slice(outputs, "0:" + n);
    }

    /** The samples from {@code n} on of every output. */
    public static NDList tail(NDList outputs, long n) {
        return slice(outputs, n + ":");
    }

    private static NDList slice(NDList outputs, String range) {
        NDList out = new NDList();
        for (NDArray o : outputs) {
            out.add(o.get(new NDIndex(range)));
        }
        return out;
    }
}
