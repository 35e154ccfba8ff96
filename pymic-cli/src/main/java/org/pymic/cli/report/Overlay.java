package org.pymic.cli.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.pymic.core.image.Volume;

/**
 * An image slice in grey with the contours of two label maps drawn on it: the ground truth in one
 * colour and the prediction in another. A contour pixel is a pixel of a foreground label with a
 * 4-neighbour of another label or outside the slice, after both maps are enlarged with the image
 * (nearest neighbour), so contours stay one pixel wide at the shown size.
 */
public final class Overlay {
    /** Ground truth contour colour (green). */
    public static final int GT_RGB = 0x00E040;
    /** Prediction contour colour (magenta). */
    public static final int PRED_RGB = 0xFF30C0;

    private Overlay() {
    }

    /**
     * The contour pixels of a label map of {@code h} rows and {@code w} columns, row-major: true where
     * the pixel's label is not 0 and a 4-neighbour has another label or lies outside the map.
     */
    public static boolean[] contour(int[] labels, int h, int w) {
        boolean[] out = new boolean[labels.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int l = labels[y * w + x];
                if (l == 0) {
                    continue;
                }
                out[y * w + x] = x == 0 || y == 0 || x == w - 1 || y == h - 1
                        || labels[y * w + x - 1] != l || labels[y * w + x + 1] != l
                        || labels[(y - 1) * w + x] != l || labels[(y + 1) * w + x] != l;
            }
        }
        return out;
    }

    /** The slice of a volume's first channel with the most foreground in {@code label} (the first such). */
    public static int busiestSlice(Volume label) {
        int best = 0;
        long bestCount = -1;
        int plane = label.height() * label.width();
        float[] d = label.data();
        for (int z = 0; z < label.depth(); z++) {
            long n = 0;
            for (int i = z * plane; i < (z + 1) * plane; i++) {
                if (d[i] != 0) {
                    n++;
                }
            }
            if (n > bestCount) {
                bestCount = n;
                best = z;
            }
        }
        return best;
    }

    /** One slice of channel 0 as labels (rounded), row-major. */
    public static int[] labelSlice(Volume v, int z) {
        int plane = v.height() * v.width();
        int[] out = new int[plane];
        float[] d = v.data();
        for (int i = 0; i < plane; i++) {
            out[i] = Math.round(d[z * plane + i]);
        }
        return out;
    }

    /** One slice of channel 0, row-major. */
    public static float[] imageSlice(Volume v, int z) {
        int plane = v.height() * v.width();
        return Arrays.copyOfRange(v.data(), z * plane, (z + 1) * plane);
    }

    /** Nearest-neighbour enlargement by an integer factor. */
    static int[] enlarge(int[] labels, int h, int w, int f) {
        int[] out = new int[h * f * w * f];
        for (int y = 0; y < h * f; y++) {
            for (int x = 0; x < w * f; x++) {
                out[y * w * f + x] = labels[(y / f) * w + x / f];
            }
        }
        return out;
    }

    /** An integer enlargement so that the longer side is about {@code target} pixels (at least 1). */
    public static int factorFor(int h, int w, int target) {
        return Math.max(1, Math.round((float) target / Math.max(h, w)));
    }

    /**
     * Renders the slice ({@code h} x {@code w}, grey levels from the 1st to the 99th percentile) enlarged
     * by {@code factor}, with the contours of {@code gt} and {@code pred} (either may be null).
     */
    public static BufferedImage render(float[] image, int[] gt, int[] pred, int h, int w, int factor) {
        float[] sorted = image.clone();
        Arrays.sort(sorted);
        float lo = sorted[(int) (0.01 * (sorted.length - 1))];
        float hi = sorted[(int) (0.99 * (sorted.length - 1))];
        float range = hi > lo ? hi - lo : 1;
        int bw = w * factor;
        int bh = h * factor;
        BufferedImage img = new BufferedImage(bw, bh, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                float v = (image[(y / factor) * w + x / factor] - lo) / range;
                int g = Math.max(0, Math.min(255, Math.round(v * 255)));
                img.setRGB(x, y, g << 16 | g << 8 | g);
            }
        }
        draw(img, gt, h, w, factor, GT_RGB);
        draw(img, pred, h, w, factor, PRED_RGB);
        return img;
    }

    private static void draw(BufferedImage img, int[] labels, int h, int w, int factor, int rgb) {
        if (labels == null) {
            return;
        }
        boolean[] c = contour(enlarge(labels, h, w, factor), h * factor, w * factor);
        int bw = w * factor;
        for (int i = 0; i < c.length; i++) {
            if (c[i]) {
                img.setRGB(i % bw, i / bw, rgb);
            }
        }
    }

    /** The image as a {@code data:image/png;base64,...} URI. */
    public static String dataUri(BufferedImage img) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
