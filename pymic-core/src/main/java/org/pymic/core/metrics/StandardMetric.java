package org.pymic.core.metrics;

/**
 * PyMIC's segmentation metrics ({@code pymic/util/evaluation_seg.py}), with S the segmentation,
 * G the ground truth, |.| voxel counts:
 * <ul>
 *   <li>{@code dice}: 2|S∩G| / (|S|+|G|); 1 when both are empty. PyMIC adds 1e-5 to numerator and
 *       denominator; this is the exact ratio (it differs by less than 1e-5 / (|S|+|G|)).</li>
 *   <li>{@code iou}: |S∩G| / |S∪G| (Jaccard); 1 when both are empty.</li>
 *   <li>{@code hd95}: 95th percentile (numpy linear interpolation) of the surface distances of both
 *       directions pooled, in physical units, as medpy's {@code hd95} (see {@link SurfaceDistances}).
 *       0 when both are empty, NaN when exactly one is. PyMIC's own variant takes the max of two
 *       per-direction order statistics and returns 100 for one empty mask.</li>
 *   <li>{@code assd}: mean of the two directed mean surface distances (medpy's {@code assd});
 *       0 when both are empty, NaN when exactly one is.</li>
 *   <li>{@code rve}: relative volume error |(|S| - |G|)| / |G|, unsigned as PyMIC's
 *       {@code binary_relative_volume_error}; 0 when both are empty, NaN when only G is.</li>
 *   <li>{@code volume}: |G| times the voxel volume, in physical units (mm³, or mm² in 2D): the
 *       ground-truth volume, as PyMIC computes it.</li>
 * </ul>
 * Empty-mask conventions follow medpy-style evaluation: a NaN is reported and left out of means.
 */
public enum StandardMetric implements Metric {
    DICE("dice") {
        @Override
        public double evaluate(MaskPair p) {
            long sum = p.segCount() + p.gtCount();
            return sum == 0 ? 1.0 : 2.0 * p.intersection() / sum;
        }
    },
    IOU("iou") {
        @Override
        public double evaluate(MaskPair p) {
            long union = p.segCount() + p.gtCount() - p.intersection();
            return union == 0 ? 1.0 : (double) p.intersection() / union;
        }
    },
    HD95("hd95") {
        @Override
        public double evaluate(MaskPair p) {
            return distance(p, true);
        }
    },
    ASSD("assd") {
        @Override
        public double evaluate(MaskPair p) {
            return distance(p, false);
        }
    },
    RVE("rve") {
        @Override
        public double evaluate(MaskPair p) {
            if (p.gtCount() == 0) {
                return p.segCount() == 0 ? 0.0 : Double.NaN;
            }
            return Math.abs((double) p.segCount() - p.gtCount()) / p.gtCount();
        }
    },
    VOLUME("volume") {
        @Override
        public double evaluate(MaskPair p) {
            return p.gtCount() * p.grid().voxelVolume();
        }
    };

    private final String metricName;

    StandardMetric(String metricName) {
        this.metricName = metricName;
    }

    @Override
    public String metricName() {
        return metricName;
    }

    private static double distance(MaskPair p, boolean hd95) {
        boolean segEmpty = p.segCount() == 0;
        boolean gtEmpty = p.gtCount() == 0;
        if (segEmpty && gtEmpty) {
            return 0.0;
        }
        if (segEmpty || gtEmpty) {
            return Double.NaN;
        }
        SurfaceDistances d = p.distances();
        return hd95 ? d.hd95() : d.assd();
    }

    /** The metric of that PyMIC name (case-insensitive; {@code hausdorff95} is accepted for hd95). */
    public static StandardMetric byName(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.equals("hausdorff95")) {
            return HD95;
        }
        for (StandardMetric m : values()) {
            if (m.metricName.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + name + "'");
    }
}
