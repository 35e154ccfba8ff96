package org.pymic.io.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.pymic.core.image.Volume;

/**
 * Writes a {@link Volume} as a single-file NIfTI image ({@code .nii}, or gzipped when the name ends
 * with {@code .gz}), atomically.
 *
 * <p>When the volume carries a {@link NiftiHeader}, the file keeps that header (version, byte order,
 * codes, pixdim, units, intent, descrip, extensions) with the new datatype and shape. The transforms
 * are kept as they are when the volume's geometry still equals the header's best affine; otherwise
 * sform and qform are both set from the volume's geometry (codes kept, or 1 = scanner if they were 0).
 * Integer output keeps the header's scl_slope/scl_inter when the datatype is unchanged; otherwise
 * values are stored unscaled (slope 1, intercept 0). A header-less volume gets a fresh NIfTI-1 header
 * with qform and sform codes 1, as SimpleITK writes them.
 */
public final class NiftiWriter {
    private NiftiWriter() {
    }

    /** Writes {@code v} to {@code path}; {@code type} null keeps the header's type (float32 if none). */
    public static void write(Volume v, Path path, DataType type) {
        NiftiHeader h = header(v, type);
        DataType t = DataType.fromNiftiCode(h.datatype);
        boolean gz = path.getFileName().toString().toLowerCase().endsWith(".gz");
        AtomicFiles.write(path, raw -> {
            OutputStream out = gz ? new GZIPOutputStream(raw, 1 << 16) : new BufferedOutputStream(raw, 1 << 16);
            writeTo(out, h, v.data(), t);
            if (gz) {
                ((GZIPOutputStream) out).finish();
            }
            out.flush();
        });
    }

    /** The header the file of {@code v} will get. */
    static NiftiHeader header(Volume v, DataType type) {
        NiftiHeader src = v.header() instanceof NiftiHeader nh ? nh : null;
        NiftiHeader h = src == null ? fresh() : src.copy();
        DataType old = src == null ? null : src.dataType();
        DataType t = type != null ? type : old != null ? old : DataType.FLOAT32;
        setShape(h, v, src == null ? 0 : src.ndim());
        if (!(src != null && t == old && t.isInteger() && src.isScaled())) {
            h.sclSlope = 1;
            h.sclInter = 0;
        }
        h.datatype = t.niftiCode();
        h.bitpix = t.bytes() * 8;
        double[] aff = Affines.fromGeometry(v.spacing(), v.origin(), v.direction());
        if (src == null || !Affines.close(aff, h.bestAffine(), 1e-6)) {
            setTransforms(h, aff, v.spacing());
        }
        for (int i = 4; i <= 7; i++) {
            if (h.dim[i] > 32767 && h.version == 1) {
                h.version = 2;
            }
        }
        for (int i = 1; i <= 3; i++) {
            if (h.dim[i] > 32767) {
                h.version = 2;
            }
        }
        int hdr = h.version == 1 ? 348 : 540;
        if (h.extensions.length < 4 || h.extensions[0] == 0) {
            h.extensions = new byte[4];
        } else if ((hdr + h.extensions.length) % 16 != 0) {
            h.extensions = java.util.Arrays.copyOf(h.extensions, h.extensions.length
                    + (16 - (hdr + h.extensions.length) % 16));
        }
        h.voxOffset = hdr + h.extensions.length;
        return h;
    }

    private static NiftiHeader fresh() {
        NiftiHeader h = new NiftiHeader();
        h.pixdim = new double[] {1, 1, 1, 1, 1, 1, 1, 1};
        h.xyztUnits = 2 | 8;
        return h;
    }

    private static void setShape(NiftiHeader h, Volume v, int oldNdim) {
        int c = v.channels();
        int ndim;
        if (c > 1) {
            ndim = oldNdim == 5 && h.dim[4] == 1 ? 5 : 4;
        } else if (oldNdim >= 4) {
            ndim = oldNdim;
        } else if (v.depth() == 1 && (oldNdim == 2 || oldNdim == 0)) {
            ndim = 2;
        } else {
            ndim = 3;
        }
        long[] dim = {ndim, v.width(), v.height(), v.depth(), 1, 1, 1, 1};
        if (c > 1) {
            dim[ndim] = c;
        }
        h.dim = dim;
        for (int i = 1; i <= 7; i++) {
            if (h.pixdim[i] == 0 || !Double.isFinite(h.pixdim[i])) {
                h.pixdim[i] = 1;
            }
        }
    }

    private static void setTransforms(NiftiHeader h, double[] aff, double[] spacing) {
        h.srowX = new double[] {aff[0], aff[1], aff[2], aff[3]};
        h.srowY = new double[] {aff[4], aff[5], aff[6], aff[7]};
        h.srowZ = new double[] {aff[8], aff[9], aff[10], aff[11]};
        double[] q = Affines.toQuaternion(aff);
        h.quaternB = q[0];
        h.quaternC = q[1];
        h.quaternD = q[2];
        h.pixdim[0] = q[3];
        h.qoffsetX = aff[3];
        h.qoffsetY = aff[7];
        h.qoffsetZ = aff[11];
        for (int i = 0; i < 3; i++) {
            h.pixdim[i + 1] = spacing[i];
        }
        h.sformCode = h.sformCode != 0 ? h.sformCode : 1;
        h.qformCode = h.qformCode != 0 ? h.qformCode : 1;
    }

    static void writeTo(OutputStream out, NiftiHeader h, float[] data, DataType t) throws IOException {
        out.write(h.version == 1 ? encode1(h) : encode2(h));
        out.write(h.extensions);
        boolean scale = h.isScaled();
        ByteBuffer b = ByteBuffer.allocate(t.bytes() * 8192).order(h.order);
        for (int i = 0; i < data.length; i++) {
            double v = data[i];
            t.put(b, scale ? (v - h.sclInter) / h.sclSlope : v);
            if (!b.hasRemaining()) {
                out.write(b.array(), 0, b.position());
                b.clear();
            }
        }
        out.write(b.array(), 0, b.position());
    }

    static byte[] encode1(NiftiHeader h) {
        ByteBuffer b = ByteBuffer.allocate(348).order(h.order);
        b.putInt(0, 348);
        ascii(b, 4, 10, h.dataTypeText);
        ascii(b, 14, 18, h.dbName);
        b.putInt(32, h.extents);
        b.putShort(36, (short) h.sessionError);
        b.put(38, (byte) h.regular);
        b.put(39, (byte) h.dimInfo);
        for (int i = 0; i < 8; i++) {
            b.putShort(40 + 2 * i, (short) h.dim[i]);
            b.putFloat(76 + 4 * i, (float) h.pixdim[i]);
        }
        b.putFloat(56, (float) h.intentP1);
        b.putFloat(60, (float) h.intentP2);
        b.putFloat(64, (float) h.intentP3);
        b.putShort(68, (short) h.intentCode);
        b.putShort(70, (short) h.datatype);
        b.putShort(72, (short) h.bitpix);
        b.putShort(74, (short) h.sliceStart);
        b.putFloat(108, (float) h.voxOffset);
        b.putFloat(112, (float) h.sclSlope);
        b.putFloat(116, (float) h.sclInter);
        b.putShort(120, (short) h.sliceEnd);
        b.put(122, (byte) h.sliceCode);
        b.put(123, (byte) h.xyztUnits);
        b.putFloat(124, (float) h.calMax);
        b.putFloat(128, (float) h.calMin);
        b.putFloat(132, (float) h.sliceDuration);
        b.putFloat(136, (float) h.toffset);
        b.putInt(140, h.glmax);
        b.putInt(144, h.glmin);
        ascii(b, 148, 80, h.descrip);
        ascii(b, 228, 24, h.auxFile);
        b.putShort(252, (short) h.qformCode);
        b.putShort(254, (short) h.sformCode);
        double[] q = {h.quaternB, h.quaternC, h.quaternD, h.qoffsetX, h.qoffsetY, h.qoffsetZ};
        for (int i = 0; i < 6; i++) {
            b.putFloat(256 + 4 * i, (float) q[i]);
        }
        for (int i = 0; i < 4; i++) {
            b.putFloat(280 + 4 * i, (float) h.srowX[i]);
            b.putFloat(296 + 4 * i, (float) h.srowY[i]);
            b.putFloat(312 + 4 * i, (float) h.srowZ[i]);
        }
        ascii(b, 328, 16, h.intentName);
        ascii(b, 344, 4, "n+1");
        return b.array();
    }

    static byte[] encode2(NiftiHeader h) {
        ByteBuffer b = ByteBuffer.allocate(540).order(h.order);
        b.putInt(0, 540);
        b.put(4, new byte[] {'n', '+', '2', 0, '\r', '\n', 0x1A, '\n'});
        b.putShort(12, (short) h.datatype);
        b.putShort(14, (short) h.bitpix);
        for (int i = 0; i < 8; i++) {
            b.putLong(16 + 8 * i, h.dim[i]);
            b.putDouble(104 + 8 * i, h.pixdim[i]);
        }
        b.putDouble(80, h.intentP1);
        b.putDouble(88, h.intentP2);
        b.putDouble(96, h.intentP3);
        b.putLong(168, h.voxOffset);
        b.putDouble(176, h.sclSlope);
        b.putDouble(184, h.sclInter);
        b.putDouble(192, h.calMax);
        b.putDouble(200, h.calMin);
        b.putDouble(208, h.sliceDuration);
        b.putDouble(216, h.toffset);
        b.putLong(224, h.sliceStart);
        b.putLong(232, h.sliceEnd);
        ascii(b, 240, 80, h.descrip);
        ascii(b, 320, 24, h.auxFile);
        b.putInt(344, h.qformCode);
        b.putInt(348, h.sformCode);
        double[] q = {h.quaternB, h.quaternC, h.quaternD, h.qoffsetX, h.qoffsetY, h.qoffsetZ};
        for (int i = 0; i < 6; i++) {
            b.putDouble(352 + 8 * i, q[i]);
        }
        for (int i = 0; i < 4; i++) {
            b.putDouble(400 + 8 * i, h.srowX[i]);
            b.putDouble(432 + 8 * i, h.srowY[i]);
            b.putDouble(464 + 8 * i, h.srowZ[i]);
        }
        b.putInt(496, h.sliceCode);
        b.putInt(500, h.xyztUnits);
        b.putInt(504, h.intentCode);
        ascii(b, 508, 16, h.intentName);
        b.put(524, (byte) h.dimInfo);
        return b.array();
    }

    private static void ascii(ByteBuffer b, int off, int len, String s) {
        byte[] a = s.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < Math.min(a.length, len); i++) {
            b.put(off + i, a[i]);
        }
    }
}
