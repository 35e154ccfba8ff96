package org.pymic.io.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;

/**
 * PNG, JPEG and BMP through {@code javax.imageio}: the raster's bands become channels (grey = 1,
 * RGB = 3, RGBA = 4; palette images give their indices, as PIL's mode "P" does), D = 1, unit spacing.
 * Writing accepts 1 channel (8-bit grey, or 16-bit grey PNG for uint16) or 3 channels (RGB, 8 bit);
 * values are rounded and clipped, so a label map is written as an 8-bit grey PNG.
 */
public final class RasterImages {
    private RasterImages() {
    }

    /**
     * Pixels an image may declare without any bytes to back them; beyond it, each byte of the file may
     * justify {@link #PIXELS_PER_BYTE} more (PNG's deflate expands at most 1032:1, 8 pixels per byte at
     * 1 bit). A header that declares more is refused before the decoder allocates the image.
     */
    static final long FREE_PIXELS = 1L << 22;
    static final long PIXELS_PER_BYTE = 8_256;

    public static Volume read(Path path) {
        byte[] bytes = ImageBytes.readRaw(path);
        refuseEmbeddedBmp(path, bytes);
        BufferedImage img;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw PymicException.input(path + ": not a PNG, JPEG or BMP image that javax.imageio can decode");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w < 1 || h < 1 || w * h > FREE_PIXELS + PIXELS_PER_BYTE * bytes.length) {
                    throw PymicException.input(path + ": header declares " + w + " x " + h + " pixels, more than its "
                            + bytes.length + " bytes can hold");
                }
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof PymicException p) {
                throw p;
            }
            throw PymicException.input(path + ": corrupt or truncated image (" + e.getMessage() + ")", e);
        }
        Raster r = img.getRaster();
        int w = r.getWidth();
        int h = r.getHeight();
        int bands = r.getNumBands();
        int n = w * h;
        if ((long) n * bands > ImageBytes.MAX_ARRAY) {
            throw PymicException.input(path + ": image too large: " + w + " x " + h + " x " + bands + " samples");
        }
        float[] data = new float[bands * n];
        for (int b = 0; b < bands; b++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    data[b * n + y * w + x] = r.getSampleFloat(x, y, b);
                }
            }
        }
        return Volume.of(data, bands, 1, h, w);
    }

    /**
     * A BMP whose compression is BI_JPEG (4) or BI_PNG (5) wraps a whole JPEG or PNG file, which
     * javax.imageio decodes after allocating the header's {@code biSizeImage} bytes whatever the file holds
     * (a 332-byte file made it allocate 900 MB), and whose own size the BMP header does not state.
     * Such files come from printers, not scanners; PIL does not read them either. Refused by name.
     */
    private static void refuseEmbeddedBmp(Path path, byte[] b) {
        if (b.length < 34 || b[0] != 'B' || b[1] != 'M') {
            return;
        }
        long headerSize = le32(b, 14);
        long compression = le32(b, 30);
        if (headerSize >= 40 && (compression == 4 || compression == 5)) {
            throw PymicException.input(path + ": a BMP holding an embedded " + (compression == 4 ? "JPEG" : "PNG")
                    + " image (compression " + compression + ") is not supported; convert it to PNG");
        }
    }

    private static long le32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }

    /** Writes a 2D volume (D = 1) with 1 or 3 channels; {@code type} uint16 gives a 16-bit grey PNG. */
    public static void write(Volume v, Path path, DataType type) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String fmt = name.endsWith(".png") ? "png" : name.endsWith(".bmp") ? "bmp" : "jpeg";
        if (v.depth() != 1 || (v.channels() != 1 && v.channels() != 3)) {
            throw PymicException.data(path + ": can only write 2D images with 1 or 3 channels as " + fmt
                    + ", got C x D x H x W = " + v.channels() + "x" + v.depth() + "x" + v.height() + "x" + v.width());
        }
        boolean sixteen = type == DataType.UINT16 && fmt.equals("png") && v.channels() == 1;
        int max = sixteen ? 65535 : 255;
        int kind = v.channels() == 3 ? BufferedImage.TYPE_3BYTE_BGR
                : sixteen ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_BYTE_GRAY;
        int w = v.width();
        int h = v.height();
        BufferedImage img = new BufferedImage(w, h, kind);
        WritableRaster r = img.getRaster();
        float[] data = v.data();
        int n = w * h;
        for (int b = 0; b < v.channels(); b++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double val = data[b * n + y * w + x];
                    int s = Double.isNaN(val) ? 0 : (int) Math.max(0, Math.min(max, Math.rint(val)));
                    r.setSample(x, y, b, s);
                }
            }
        }
        AtomicFiles.write(path, out -> {
            if (!ImageIO.write(img, fmt, out)) {
                throw new IOException("no " + fmt + " writer available");
            }
        });
    }
}
