package org.pymic.io.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.pymic.core.image.Volume;

/**
 * A summary of an image file, as nibabel reports it for NIfTI: shape and voxel sizes in the file's
 * axis order (all dimensions), the voxel-to-world affine, the on-disk data type, and min/max/mean of
 * the values after scl_slope/scl_inter. Other formats give the equivalent: shape (W, H[, D][, C]),
 * their spacing, and the affine of spacing, origin and direction (raster images: uint8 or uint16
 * by value range, HDF5: float32, both approximate since those readers do not keep the stored type).
 *
 * @param shape   dimensions in file order (x first)
 * @param spacing voxel size of each dimension
 * @param affine  4x4 voxel-to-world matrix, rows first
 * @param dtype   on-disk type name (uint8, int16, float32...)
 * @param min     smallest value
 * @param max     largest value
 * @param mean    mean value
 */
public record ImageInfo(long[] shape, double[] spacing, double[][] affine, String dtype,
                        double min, double max, double mean) {

    /** Reads the file and summarises it. */
    public static ImageInfo of(Path path) {
        if (ImageFormat.of(path) == ImageFormat.NIFTI) {
            NiftiHeader[] h = new NiftiHeader[1];
            double[] v = NiftiReader.readValues(path, h);
            return new ImageInfo(h[0].shape(), h[0].zooms(), rows(h[0].bestAffine()), h[0].dataType().label(),
                    min(v), max(v), mean(v));
        }
        Volume vol = ImageFiles.read(path);
        float[] f = vol.data();
        double[] v = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            v[i] = f[i];
        }
        boolean threeD = vol.depth() > 1 || isMeta3d(vol);
        long[] shape = threeD ? new long[] {vol.width(), vol.height(), vol.depth()}
                : new long[] {vol.width(), vol.height()};
        double[] sp = Arrays.copyOf(vol.spacing(), shape.length);
        if (vol.channels() > 1) {
            shape = Arrays.copyOf(shape, shape.length + 1);
            shape[shape.length - 1] = vol.channels();
            sp = Arrays.copyOf(sp, sp.length + 1);
            sp[sp.length - 1] = 1;
        }
        DataType t = ImageFiles.headerType(vol);
        String dtype = t != null ? t.label() : ImageFormat.of(path) == ImageFormat.HDF5 ? "float32"
                : max(v) > 255 ? "uint16" : "uint8";
        return new ImageInfo(shape, sp, rows(Affines.fromGeometry(vol.spacing(), vol.origin(), vol.direction())),
                dtype, min(v), max(v), mean(v));
    }

    private static boolean isMeta3d(Volume vol) {
        return vol.header() instanceof MetaImageHeader h && h.fields().entrySet().stream()
                .anyMatch(e -> e.getKey().equalsIgnoreCase("NDims") && !e.getValue().trim().equals("2"));
    }

    /** One JSON object with exactly the keys shape, spacing, affine, dtype, min, max, mean. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shape", shape);
        m.put("spacing", spacing);
        m.put("affine", affine);
        m.put("dtype", dtype);
        m.put("min", min);
        m.put("max", max);
        m.put("mean", mean);
        try {
            return new ObjectMapper().writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A few human-readable lines. */
    public String toText() {
        StringBuilder s = new StringBuilder();
        s.append("shape:   ").append(Arrays.toString(shape)).append('\n');
        s.append("spacing: ").append(Arrays.toString(spacing)).append('\n');
        s.append("dtype:   ").append(dtype).append('\n');
        s.append(String.format(Locale.ROOT, "values:  min %.6g, max %.6g, mean %.6g%n", min, max, mean));
        s.append("affine:\n");
        for (double[] row : affine) {
            s.append(String.format(Locale.ROOT, "  [%12.6f %12.6f %12.6f %12.6f]%n", row[0], row[1], row[2], row[3]));
        }
        return s.toString();
    }

    private static double[][] rows(double[] m) {
        double[][] r = new double[4][4];
        for (int i = 0; i < 4; i++) {
            r[i] = Arrays.copyOfRange(m, i * 4, i * 4 + 4);
        }
        return r;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }
}
