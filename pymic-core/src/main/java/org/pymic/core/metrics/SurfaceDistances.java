package org.pymic.core.metrics;

import org.pymic.core.label.DistanceTransform;
import org.pymic.core.label.Grid;
import org.pymic.core.label.Surface;

/**
 * The two directed sets of surface distances between a segmentation and a ground truth, in
 * physical units (as medpy's {@code __surface_distances}): for each surface voxel of one mask, the
 * Euclidean distance to the nearest surface voxel of the other, read from the exact distance
 * transform of the other's surface ({@link DistanceTransform}). Surfaces are as {@link Surface}.
 * Both sets are empty when either mask is empty.
 */
public record SurfaceDistances(double[] segToGt, double[] gtToSeg) {

    /** Distances between the non-empty masks {@code seg} and {@code gt}; empty sets if either is empty. */
    public static SurfaceDistances of(boolean[] seg, boolean[] gt, Grid grid) {
        boolean[] segSurface = Surface.of(seg, grid);
        boolean[] gtSurface = Surface.of(gt, grid);
        int ns = Surface.count(segSurface);
        int ng = Surface.count(gtSurface);
        if (ns == 0 || ng == 0) {
            return new SurfaceDistances(new double[0], new double[0]);
        }
        return new SurfaceDistances(sample(DistanceTransform.toSites(gtSurface, grid), segSurface, ns),
                sample(DistanceTransform.toSites(segSurface, grid), gtSurface, ng));
    }

    private static double[] sample(double[] field, boolean[] at, int n) {
        double[] out = new double[n];
        int k = 0;
        for (int i = 0; i < at.length; i++) {
            if (at[i]) {
                out[k++] = field[i];
            }
        }
        return out;
    }

    /** True when there are distances (both masks non-empty). */
    public boolean defined() {
        return segToGt.length > 0 && gtToSeg.length > 0;
    }

    /** 95th percentile (numpy linear) of both directed sets pooled, as medpy's {@code hd95}; NaN when undefined. */
    public double hd95() {
        return Percentile.linear(pooled(), 95);
    }

    /** The Hausdorff distance: the largest directed distance; NaN when undefined. */
    public double hausdorff() {
        if (!defined()) {
            return Double.NaN;
        }
        double m = 0;
        for (double v : pooled()) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Mean of the two directed mean distances, as medpy's {@code assd}; NaN when undefined. */
    public double assd() {
        if (!defined()) {
            return Double.NaN;
        }
        return (mean(segToGt) + mean(gtToSeg)) / 2;
    }

    private double[] pooled() {
        if (!defined()) {
            return new double[0];
        }
        double[] all = new double[segToGt.length + gtToSeg.length];
        System.arraycopy(segToGt, 0, all, 0, segToGt.length);
        System.arraycopy(gtToSeg, 0, all, segToGt.length, gtToSeg.length);
        return all;
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }
}
