package org.pymic.io.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;

/**
 * Reads single-file NIfTI-1 and NIfTI-2 images ({@code .nii}, {@code .nii.gz}) into a {@link Volume}.
 *
 * <p>The byte order is detected from {@code sizeof_hdr} (348 or 540). Values are scaled as nibabel does:
 * {@code v * scl_slope + scl_inter} unless the slope is 0 or not finite. Array axes map as W = dim1,
 * H = dim2, D = dim3, and every dimension after the third is folded into channels (a 4D image's
 * fourth axis, or the fifth axis of a 5D image with dim4 = 1). Geometry comes from
 * {@link NiftiHeader#bestAffine()} and is in NIfTI's RAS world space.
 */
public final class NiftiReader {
    private static final Map<Integer, String> UNSUPPORTED = Map.of(
            1, "binary", 32, "complex64", 128, "rgb24", 1280, "uint64", 1536, "float128",
            1792, "complex128", 2048, "complex256", 2304, "rgba32");

    private NiftiReader() {
    }

    /** Reads the image of a {@code .nii} or {@code .nii.gz} file. */
    public static Volume read(Path path) {
        byte[] bytes = ImageBytes.read(path);
        NiftiHeader h = parseHeader(bytes, path);
        return toVolume(h, decode(h, bytes, path), path);
    }

    /** Reads only the header (the file is still decompressed in full if gzipped). */
    public static NiftiHeader readHeader(Path path) {
        return parseHeader(ImageBytes.read(path), path);
    }

    /** The scaled values of the file in on-disk order (dim1 fastest) at double precision, and its header. */
    static double[] readValues(Path path, NiftiHeader[] headerOut) {
        byte[] bytes = ImageBytes.read(path);
        NiftiHeader h = parseHeader(bytes, path);
        headerOut[0] = h;
        ByteBuffer b = dataBuffer(h, bytes, path);
        DataType type = h.dataType();
        boolean scale = h.isScaled();
        double[] out = new double[b.remaining() / type.bytes()];
        for (int i = 0; i < out.length; i++) {
            double v = type.get(b);
            out[i] = scale ? v * h.sclSlope + h.sclInter : v;
        }
        return out;
    }

    static NiftiHeader parseHeader(byte[] bytes, Path path) {
        if (bytes.length < 4) {
            throw PymicException.input(path + ": not a NIfTI file: only " + bytes.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int size = b.getInt(0);
        if (size != 348 && size != 540) {
            b.order(ByteOrder.BIG_ENDIAN);
            size = b.getInt(0);
        }
        if (size != 348 && size != 540) {
            throw PymicException.input(path + ": not a NIfTI file: sizeof_hdr is " + b.order(ByteOrder.LITTLE_ENDIAN)
                    .getInt(0) + " (expected 348 or 540 in either byte order)");
        }
        if (bytes.length < size) {
            throw PymicException.input(path + ": truncated: header needs " + size + " bytes, file has "
                    + bytes.length);
        }
        NiftiHeader h = size == 348 ? parse1(b) : parse2(b);
        h.order = b.order();
        String magic = ascii(bytes, size == 348 ? 344 : 4, 4);
        String want = size == 348 ? "1" : "2";
        if (magic.equals("ni" + want)) {
            throw PymicException.input(path + ": is the header of a NIfTI pair (magic ni" + want
                    + "); only single-file .nii/.nii.gz images are supported");
        }
        if (!magic.equals("n+" + want)) {
            throw PymicException.input(path + ": not a NIfTI-" + want + " file: magic is '" + magic
                    + "' (expected n+" + want + ")");
        }
        int hdrEnd = size + 4;
        if (h.voxOffset < hdrEnd) {
            h.voxOffset = Math.min(hdrEnd, bytes.length);
        }
        if (h.voxOffset > bytes.length) {
            throw PymicException.input(path + ": truncated: vox_offset is " + h.voxOffset + " but the file has "
                    + bytes.length + " bytes");
        }
        h.extensions = Arrays.copyOfRange(bytes, size, (int) h.voxOffset);
        return h;
    }

    private static NiftiHeader parse1(ByteBuffer b) {
        NiftiHeader h = new NiftiHeader();
        h.version = 1;
        byte[] a = b.array();
        h.dataTypeText = ascii(a, 4, 10);
        h.dbName = ascii(a, 14, 18);
        h.extents = b.getInt(32);
        h.sessionError = b.getShort(36);
        h.regular = a[38];
        h.dimInfo = a[39] & 0xFF;
        for (int i = 0; i < 8; i++) {
            h.dim[i] = b.getShort(40 + 2 * i);
            h.pixdim[i] = b.getFloat(76 + 4 * i);
        }
        h.intentP1 = b.getFloat(56);
        h.intentP2 = b.getFloat(60);
        h.intentP3 = b.getFloat(64);
        h.intentCode = b.getShort(68);
        h.datatype = b.getShort(70);
        h.bitpix = b.getShort(72);
        h.sliceStart = b.getShort(74);
        h.voxOffset = (long) b.getFloat(108);
        h.sclSlope = b.getFloat(112);
        h.sclInter = b.getFloat(116);
        h.sliceEnd = b.getShort(120);
        h.sliceCode = a[122] & 0xFF;
        h.xyztUnits = a[123] & 0xFF;
        h.calMax = b.getFloat(124);
        h.calMin = b.getFloat(128);
        h.sliceDuration = b.getFloat(132);
        h.toffset = b.getFloat(136);
        h.glmax = b.getInt(140);
        h.glmin = b.getInt(144);
        h.descrip = ascii(a, 148, 80);
        h.auxFile = ascii(a, 228, 24);
        h.qformCode = b.getShort(252);
        h.sformCode = b.getShort(254);
        h.quaternB = b.getFloat(256);
        h.quaternC = b.getFloat(260);
        h.quaternD = b.getFloat(264);
        h.qoffsetX = b.getFloat(268);
        h.qoffsetY = b.getFloat(272);
        h.qoffsetZ = b.getFloat(276);
        for (int i = 0; i < 4; i++) {
            h.srowX[i] = b.getFloat(280 + 4 * i);
            h.srowY[i] = b.getFloat(296 + 4 * i);
            h.srowZ[i] = b.getFloat(312 + 4 * i);
        }
        h.intentName = ascii(a, 328, 16);
        return h;
    }

    private static NiftiHeader parse2(ByteBuffer b) {
        NiftiHeader h = new NiftiHeader();
        h.version = 2;
        byte[] a = b.array();
        h.datatype = b.getShort(12);
        h.bitpix = b.getShort(14);
        for (int i = 0; i < 8; i++) {
            h.dim[i] = b.getLong(16 + 8 * i);
            h.pixdim[i] = b.getDouble(104 + 8 * i);
        }
        h.intentP1 = b.getDouble(80);
        h.intentP2 = b.getDouble(88);
        h.intentP3 = b.getDouble(96);
        h.voxOffset = b.getLong(168);
        h.sclSlope = b.getDouble(176);
        h.sclInter = b.getDouble(184);
        h.calMax = b.getDouble(192);
        h.calMin = b.getDouble(200);
        h.sliceDuration = b.getDouble(208);
        h.toffset = b.getDouble(216);
        h.sliceStart = b.getLong(224);
        h.sliceEnd = b.getLong(232);
        h.descrip = ascii(a, 240, 80);
        h.auxFile = ascii(a, 320, 24);
        h.qformCode = b.getInt(344);
        h.sformCode = b.getInt(348);
        h.quaternB = b.getDouble(352);
        h.quaternC = b.getDouble(360);
        h.quaternD = b.getDouble(368);
        h.qoffsetX = b.getDouble(376);
        h.qoffsetY = b.getDouble(384);
        h.qoffsetZ = b.getDouble(392);
        for (int i = 0; i < 4; i++) {
            h.srowX[i] = b.getDouble(400 + 8 * i);
            h.srowY[i] = b.getDouble(432 + 8 * i);
            h.srowZ[i] = b.getDouble(464 + 8 * i);
        }
        h.sliceCode = b.getInt(496);
        h.xyztUnits = b.getInt(500);
        h.intentCode = b.getInt(504);
        h.intentName = ascii(a, 508, 16);
        h.dimInfo = a[524] & 0xFF;
        return h;
    }

    /** Checks datatype, dims, scaling and file size; returns the data bytes in the file's byte order. */
    static ByteBuffer dataBuffer(NiftiHeader h, byte[] bytes, Path path) {
        DataType type = h.dataType();
        if (type == null) {
            String name = UNSUPPORTED.getOrDefault(h.datatype, "unknown");
            throw PymicException.input(path + ": unsupported NIfTI datatype " + h.datatype + " (" + name
                    + "); expected uint8, int8, int16, uint16, int32, uint32, int64, float32 or float64");
        }
        int ndim = h.ndim();
        if (ndim < 1 || ndim > 7) {
            throw PymicException.input(path + ": invalid dim[0] = " + ndim + " (expected 1 to 7)");
        }
        long n = 1;
        for (int i = 1; i <= ndim; i++) {
            if (h.dim[i] < 1) {
                throw PymicException.input(path + ": invalid dim[" + i + "] = " + h.dim[i] + " (expected >= 1)");
            }
            if (h.dim[i] > Integer.MAX_VALUE - 8 || n * h.dim[i] > Integer.MAX_VALUE - 8) {
                throw PymicException.input(path + ": image too large: " + Arrays.toString(h.shape()));
            }
            n *= h.dim[i]; // no overflow: both factors are below 2^31
        }
        long need = n * type.bytes();
        if (h.voxOffset + need > bytes.length) {
            throw PymicException.input(path + ": truncated: shape " + Arrays.toString(h.shape()) + " of "
                    + type.label() + " needs " + need + " bytes after vox_offset " + h.voxOffset + ", file has "
                    + (bytes.length - h.voxOffset));
        }
        if (h.isScaled() && !Double.isFinite(h.sclInter)) {
            throw PymicException.input(path + ": scl_slope is valid but scl_inter is " + h.sclInter);
        }
        return ByteBuffer.wrap(bytes, (int) h.voxOffset, (int) need).order(h.order).slice().order(h.order);
    }

    /** The scaled values in on-disk order (dim1 fastest). */
    static float[] decode(NiftiHeader h, byte[] bytes, Path path) {
        ByteBuffer b = dataBuffer(h, bytes, path);
        DataType type = h.dataType();
        boolean scale = h.isScaled();
        double slope = h.sclSlope;
        double inter = h.sclInter;
        float[] out = new float[b.remaining() / type.bytes()];
        for (int i = 0; i < out.length; i++) {
            double v = type.get(b);
            out[i] = (float) (scale ? v * slope + inter : v);
        }
        return out;
    }

    static Volume toVolume(NiftiHeader h, float[] data, Path path) {
        int ndim = h.ndim();
        int w = (int) h.dim[1];
        int hh = ndim >= 2 ? (int) h.dim[2] : 1;
        int d = ndim >= 3 ? (int) h.dim[3] : 1;
        int c = data.length / (w * hh * d);
        double[] aff = h.bestAffine();
        return new Volume(data, c, d, hh, w, Affines.spacing(aff), Affines.origin(aff), Affines.direction(aff), h);
    }

    static String ascii(byte[] a, int off, int len) {
        int end = off;
        while (end < off + len && a[end] != 0) {
            end++;
        }
        return new String(a, off, end - off, StandardCharsets.ISO_8859_1);
    }
}
