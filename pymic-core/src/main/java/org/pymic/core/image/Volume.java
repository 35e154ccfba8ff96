package org.pymic.core.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * A multi-channel image on a regular grid: float voxel data in channel-major order
 * {@code [c][d][h][w]} (w fastest), plus the physical geometry needed to write results back.
 *
 * <p>Array axes follow PyMIC's numpy convention (C, D, H, W). For a NIfTI file whose array is
 * {@code (x, y, z)} this means W = x, H = y, D = z. A 2D image has D = 1.
 *
 * <p>Geometry is kept in array-axis order (x first): {@code spacing[0]} is along W (x),
 * {@code spacing[1]} along H (y), {@code spacing[2]} along D (z). {@code origin} and the 3x3
 * {@code direction} (columns = unit axis vectors, row-major storage) are in world coordinates
 * as the file defines them (RAS for NIfTI, LPS for MetaImage); {@link #header()} keeps the
 * source format's own header so a writer can reproduce the file's metadata exactly.
 */
public final class Volume {
    private final float[] data;
    private final int channels;
    private final int depth;
    private final int height;
    private final int width;
    private final double[] spacing;
    private final double[] origin;
    private final double[] direction;
    private final Object header;

    public Volume(float[] data, int channels, int depth, int height, int width,
                  double[] spacing, double[] origin, double[] direction, Object header) {
        Objects.requireNonNull(data, "data");
        long n = (long) channels * depth * height * width;
        if (channels < 1 || depth < 1 || height < 1 || width < 1 || n != data.length) {
            throw new IllegalArgumentException("Volume shape " + channels + "x" + depth + "x" + height + "x" + width
                    + " does not match " + data.length + " values");
        }
        this.data = data;
        this.channels = channels;
        this.depth = depth;
        this.height = height;
        this.width = width;
        this.spacing = spacing == null ? new double[] {1, 1, 1} : check3(spacing, "spacing");
        this.origin = origin == null ? new double[3] : check3(origin, "origin");
        this.direction = direction == null ? identity() : direction.clone();
        if (this.direction.length != 9) {
            throw new IllegalArgumentException("direction must have 9 values");
        }
        this.header = header;
    }

    /** A volume with unit spacing, zero origin and identity direction. */
    public static Volume of(float[] data, int channels, int depth, int height, int width) {
        return new Volume(data, channels, depth, height, width, null, null, null, null);
    }

    private static double[] check3(double[] v, String what) {
        if (v.length != 3) {
            throw new IllegalArgumentException(what + " must have 3 values (x, y, z)");
        }
        return v.clone();
    }

    public static double[] identity() {
        return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
    }

    /** The voxel values, channel-major, w fastest. Not copied: callers own what they change. */
    public float[] data() {
        return data;
    }

    public int channels() {
        return channels;
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

    /** Voxels per channel, D*H*W. */
    public int voxels() {
        return depth * height * width;
    }

    /** Shape as {C, D, H, W}. */
    public int[] shape() {
        return new int[] {channels, depth, height, width};
    }

    /** Spatial spacing in array-axis order {x (W), y (H), z (D)}. */
    public double[] spacing() {
        return spacing.clone();
    }

    public double[] origin() {
        return origin.clone();
    }

    /** 3x3 direction cosines, row-major, columns are the x, y, z axis directions. */
    public double[] direction() {
        return direction.clone();
    }

    /** The reader's header of the source file (format specific), or null. */
    public Object header() {
        return header;
    }

    public float get(int c, int d, int h, int w) {
        return data[((c * depth + d) * height + h) * width + w];
    }

    public void set(int c, int d, int h, int w, float v) {
        data[((c * depth + d) * height + h) * width + w] = v;
    }

    /** A volume with the same geometry and header and new data of the given channel count. */
    public Volume withData(float[] newData, int newChannels) {
        return new Volume(newData, newChannels, depth, height, width, spacing, origin, direction, header);
    }

    /** A volume with new data and spatial size but this volume's geometry and header. */
    public Volume withData(float[] newData, int newChannels, int d, int h, int w) {
        return new Volume(newData, newChannels, d, h, w, spacing, origin, direction, header);
    }

    /** Channel {@code c} alone, as a one-channel volume with this geometry. */
    public Volume channel(int c) {
        int n = voxels();
        return withData(Arrays.copyOfRange(data, c * n, (c + 1) * n), 1);
    }

    @Override
    public String toString() {
        return "Volume[" + channels + "x" + depth + "x" + height + "x" + width
                + ", spacing=" + Arrays.toString(spacing) + "]";
    }
}
