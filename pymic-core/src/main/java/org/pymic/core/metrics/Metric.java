package org.pymic.core.metrics;

/**
 * A segmentation metric of one binary segmentation against its ground truth. Implementations are
 * registered by PyMIC's metric names ({@code [evaluation] metric_list}); a value that is not
 * defined for the pair (e.g. a distance when exactly one mask is empty) is NaN.
 */
public interface Metric {
    /** PyMIC's name, lower case (dice, iou, hd95, assd, rve, volume). */
    String metricName();

    /** The value for one pair; NaN when undefined. */
    double evaluate(MaskPair pair);
}
