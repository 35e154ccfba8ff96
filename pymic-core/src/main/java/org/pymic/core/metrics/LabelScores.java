package org.pymic.core.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The metric values of one label group in one case, keyed by metric name in evaluation order; NaN = undefined. */
public record LabelScores(LabelGroup group, Map<String, Double> values) {

    public LabelScores {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of a metric; throws when it was not evaluated. */
    public double get(String metric) {
        Double v = values.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("metric '" + metric + "' was not evaluated for label " + group);
        }
        return v;
    }
}
