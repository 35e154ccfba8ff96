package org.pymic.core.label;

import java.util.Arrays;
import org.pymic.core.image.Volume;

/**
 * A regular voxel grid of shape (D, H, W), w fastest, with physical spacing. Label utilities and
 * metrics work on flat masks over such a grid, indexed {@code (d * H + h) * W + w} as in
 * {@link Volume}.
 *
 * <p>Spacing follows {@link Volume}'s array-axis order: {@code spacing()[0]} along W (x),
 * {@code [1]} along H (y), {@code [2]} along D (z). A grid with depth 1 is two-dimensional: its
 * D axis is ignored by neighbourhoods, surfaces, distances and voxel sizes, as PyMIC squeezes a
 * leading axis of size 1 before evaluating.
 */
public final class Grid {
    private final int depth;
    private final int height;
    private final int width;
    private final double[] spacing;

    private Grid(int depth, int height, int width, double[] spacing) {
        if (depth < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("grid shape must be positive, got " + depth + "x" + height + "x" + width);
        }
        if (spacing.length != 3) {
            throw new IllegalArgumentException("spacing must have 3 values (x, y, z)");
        }
        for (double s : spacing) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("spacing must be positive and finite, got " + Arrays.toString(spacing));
            }
        }
        this.depth = depth;
        this.height = height;
        this.width = width;
        this.spacing = spacing.clone();
    }

    /** A 3D grid (a 2D one when {@code depth == 1}) with unit spacing. */
    public static Grid of(int depth, int height, int width) {
        return new Grid(depth, height, width, new double[] {1, 1, 1});
    }

    /** A grid with spacing {x (W), y (H), z (D)}. */
    public static Grid of(int depth, int height, int width, double[] spacingXyz) {
        return new Grid(depth, height, width, spacingXyz);
    }

    /** A 2D grid (H, W) with spacing {x (W), y (H)}. */
    public static Grid of2d(int height, int width, double spacingX, double spacingY) {
        return new Grid(1, height, width, new double[] {spacingX, spacingY, 1});
    }

    /** The spatial grid and spacing of a volume (channels are ignored). */
    public static Grid of(Volume v) {
        return new Grid(v.depth(), v.height(), v.width(), v.spacing());
    }

    public int depth() {
        return depth;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Number of voxels, D*H*W. */
    public int size() {
        return depth * height * width;
    }

    /** True when depth is 1. */
    public boolean is2d() {
        return depth == 1;
    }

    /** Spacing {x (W), y (H), z (D)}. */
    public double[] spacing() {
        return spacing.clone();
    }

    public double spacingW() {
        return spacing[0];
    }

    public double spacingH() {
        return spacing[1];
    }

    public double spacingD() {
        return spacing[2];
    }

    /** Physical size of one voxel: sx*sy*sz in 3D, the pixel area sx*sy in 2D. */
    public double voxelVolume() {
        return is2d() ? spacing[0] * spacing[1] : spacing[0] * spacing[1] * spacing[2];
    }

    public int index(int d, int h, int w) {
        return (d * height + h) * width + w;
    }

    /** Throws when a mask does not cover this grid exactly. */
    public void check(boolean[] mask, String what) {
        if (mask.length != size()) {
            throw new IllegalArgumentException(what + " has " + mask.length + " voxels, grid " + this + " has " + size());
        }
    }

    @Override
    public String toString() {
        return depth + "x" + height + "x" + width + " spacing " + Arrays.toString(spacing);
    }
}
