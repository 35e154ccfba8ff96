package org.pymic.io.transform;

import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;

/**
 * PyMIC {@code ReduceLabelDim} removes the channel axis of the label for losses that take class
 * indices. pymic's batches always carry labels as K-channel probabilities (see
 * {@link org.pymic.io.data.BatchLoader}), so this is accepted for config compatibility and leaves
 * the sample unchanged.
 */
public final class ReduceLabelDim extends LabelTransform {

    public ReduceLabelDim(Params p) {
        super("ReduceLabelDim", p);
    }

    @Override
    protected void convert(Sample s) {
        // nothing to do: see the class comment
    }
}
