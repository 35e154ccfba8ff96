package org.pymic.io.data;

/**
 * How a dataset treats the label column. Full, partial (scribble) and noisy labels are all read the
 * same way ({@link #LABELLED}); the difference lies in the transforms (e.g.
 * {@code PartialLabelToProbability}) and the losses. {@link #UNLABELLED} ignores any label column,
 * as for the unlabelled list of semi-supervised learning or inference.
 */
public enum LabelMode {
    LABELLED, UNLABELLED
}
