package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Hard pseudo-labels: the one-hot encoding of the arg-max class of a prediction (PyMIC's
 * {@code get_soft_label(argmax(p, dim=1))}), detached from the graph, as used by cross pseudo
 * supervision.
 */
public final class PseudoLabels {
    private PseudoLabels() {
    }

    /** One-hot (N, K, ...) of {@code argmax_k scores} (logits or probabilities), in the scores' type. */
    public static NDArray oneHotArgmax(NDArray scores) {
        NDArray s = scores.stopGradient();
        int nd = s.getShape().dimension();
        long k = s.getShape().get(1);
        NDArray idx = s.argMax(1).expandDims(1);
        long[] dims = new long[nd];
        java.util.Arrays.fill(dims, 1);
        dims[1] = k;
        NDArray classes = s.getManager().arange(0, k, 1, idx.getDataType()).reshape(new Shape(dims));
        return idx.eq(classes).toType(scores.getDataType(), false);
    }
}
