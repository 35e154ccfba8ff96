package org.pymic.core.metrics;

import java.util.ArrayList;
import java.util.List;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentProvider;
import org.pymic.core.registry.ComponentSpec;

/**
 * Registers PyMIC's segmentation metrics ({@code [evaluation] metric_list}) as
 * {@link ComponentKind#METRIC}; each factory returns the {@link Metric}. The metrics take no
 * parameters.
 */
public final class MetricsProvider implements ComponentProvider {
    private static final String[] DOCS = {
        "Dice coefficient 2|S∩G|/(|S|+|G|); 1 when both masks are empty.",
        "Intersection over union |S∩G|/|S∪G|; 1 when both masks are empty.",
        "95th percentile of pooled symmetric surface distances (medpy hd95), in physical units.",
        "Average symmetric surface distance (medpy assd), in physical units.",
        "Relative volume error |(|S|-|G|)|/|G|, unsigned as PyMIC.",
        "Ground-truth volume: voxel count times voxel volume (mm^3; mm^2 in 2D).",
    };

    @Override
    public List<ComponentSpec> components() {
        List<ComponentSpec> out = new ArrayList<>();
        for (StandardMetric m : StandardMetric.values()) {
            ComponentSpec.Builder b = ComponentSpec.builder(ComponentKind.METRIC, m.metricName())
                    .doc(DOCS[m.ordinal()])
                    .factory(p -> m);
            if (m == StandardMetric.HD95) {
                b.alias("hausdorff95");
            }
            out.add(b.build());
        }
        return out;
    }
}
