package org.pymic.core.metrics;

import org.pymic.core.label.Grid;

/**
 * A binary segmentation and its ground truth on one {@link Grid}: the input of every
 * {@link Metric}. Voxel counts and surface distances are computed once, on first use, so that
 * evaluating several metrics on one pair costs one distance transform per mask.
 */
public final class MaskPair {
    private final boolean[] seg;
    private final boolean[] gt;
    private final Grid grid;
    private long segCount = -1;
    private long gtCount;
    private long intersection;
    private SurfaceDistances distances;

    public MaskPair(boolean[] seg, boolean[] gt, Grid grid) {
        grid.check(seg, "segmentation");
        grid.check(gt, "ground truth");
        this.seg = seg;
        this.gt = gt;
        this.grid = grid;
    }

    public Grid grid() {
        return grid;
    }

    public boolean[] seg() {
        return seg;
    }

    public boolean[] gt() {
        return gt;
    }

    private void count() {
        if (segCount >= 0) {
            return;
        }
        long s = 0;
        long g = 0;
        long both = 0;
        for (int i = 0; i < seg.length; i++) {
            if (seg[i]) {
                s++;
            }
            if (gt[i]) {
                g++;
                if (seg[i]) {
                    both++;
                }
            }
        }
        gtCount = g;
        intersection = both;
        segCount = s;
    }

    /** Voxels in the segmentation. */
    public long segCount() {
        count();
        return segCount;
    }

    /** Voxels in the ground truth. */
    public long gtCount() {
        count();
        return gtCount;
    }

    /** Voxels in both. */
    public long intersection() {
        count();
        return intersection;
    }

    /** Surface distances in both directions (computed on first call). */
    public SurfaceDistances distances() {
        if (distances == null) {
            distances = SurfaceDistances.of(seg, gt, grid);
        }
        return distances;
    }
}
