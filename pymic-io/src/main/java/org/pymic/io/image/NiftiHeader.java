package org.pymic.io.image;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Every field of a NIfTI-1 or NIfTI-2 header, kept at NIfTI-2 precision (64-bit integers and doubles),
 * plus the byte order and the raw extension bytes between the header and {@code vox_offset}.
 *
 * <p>A reader stores this object as {@link org.pymic.core.image.Volume#header()}; the writer copies it
 * and changes only datatype, shape, scaling and (if the geometry changed) the transforms, so the
 * written file keeps qform/sform codes, pixdim, xyzt_units, intent, descrip and the rest.
 * Field names follow the NIfTI standard (nifti1.h / nifti2.h).
 */
public final class NiftiHeader {
    int version = 1;
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    boolean single = true;
    String dataTypeText = "";
    String dbName = "";
    int extents;
    int sessionError;
    int regular = 'r';
    int dimInfo;
    long[] dim = new long[8];
    double intentP1;
    double intentP2;
    double intentP3;
    int intentCode;
    int datatype;
    int bitpix;
    long sliceStart;
    double[] pixdim = new double[8];
    long voxOffset;
    double sclSlope;
    double sclInter;
    long sliceEnd;
    int sliceCode;
    int xyztUnits;
    double calMax;
    double calMin;
    double sliceDuration;
    double toffset;
    int glmax;
    int glmin;
    String descrip = "";
    String auxFile = "";
    int qformCode;
    int sformCode;
    double quaternB;
    double quaternC;
    double quaternD;
    double qoffsetX;
    double qoffsetY;
    double qoffsetZ;
    double[] srowX = new double[4];
    double[] srowY = new double[4];
    double[] srowZ = new double[4];
    String intentName = "";
    byte[] extensions = new byte[0];

    /** A deep copy, for writers that change a few fields. */
    public NiftiHeader copy() {
        NiftiHeader h = new NiftiHeader();
        h.version = version;
        h.order = order;
        h.single = single;
        h.dataTypeText = dataTypeText;
        h.dbName = dbName;
        h.extents = extents;
        h.sessionError = sessionError;
        h.regular = regular;
        h.dimInfo = dimInfo;
        h.dim = dim.clone();
        h.intentP1 = intentP1;
        h.intentP2 = intentP2;
        h.intentP3 = intentP3;
        h.intentCode = intentCode;
        h.datatype = datatype;
        h.bitpix = bitpix;
        h.sliceStart = sliceStart;
        h.pixdim = pixdim.clone();
        h.voxOffset = voxOffset;
        h.sclSlope = sclSlope;
        h.sclInter = sclInter;
        h.sliceEnd = sliceEnd;
        h.sliceCode = sliceCode;
        h.xyztUnits = xyztUnits;
        h.calMax = calMax;
        h.calMin = calMin;
        h.sliceDuration = sliceDuration;
        h.toffset = toffset;
        h.glmax = glmax;
        h.glmin = glmin;
        h.descrip = descrip;
        h.auxFile = auxFile;
        h.qformCode = qformCode;
        h.sformCode = sformCode;
        h.quaternB = quaternB;
        h.quaternC = quaternC;
        h.quaternD = quaternD;
        h.qoffsetX = qoffsetX;
        h.qoffsetY = qoffsetY;
        h.qoffsetZ = qoffsetZ;
        h.srowX = srowX.clone();
        h.srowY = srowY.clone();
        h.srowZ = srowZ.clone();
        h.intentName = intentName;
        h.extensions = extensions.clone();
        return h;
    }

    /** 1 for NIfTI-1 (348-byte header), 2 for NIfTI-2 (540 bytes). */
    public int version() {
        return version;
    }

    public ByteOrder byteOrder() {
        return order;
    }

    /** Number of dimensions, {@code dim[0]}. */
    public int ndim() {
        return (int) dim[0];
    }

    /** The shape, {@code dim[1..ndim]}. */
    public long[] shape() {
        return Arrays.copyOfRange(dim, 1, 1 + ndim());
    }

    /** Voxel sizes {@code pixdim[1..ndim]}. */
    public double[] zooms() {
        return Arrays.copyOfRange(pixdim, 1, 1 + ndim());
    }

    public long[] dim() {
        return dim.clone();
    }

    public double[] pixdim() {
        return pixdim.clone();
    }

    public int datatype() {
        return datatype;
    }

    /** The on-disk data type, or null for a datatype code pymic does not read. */
    public DataType dataType() {
        return DataType.fromNiftiCode(datatype);
    }

    public long voxOffset() {
        return voxOffset;
    }

    public double sclSlope() {
        return sclSlope;
    }

    public double sclInter() {
        return sclInter;
    }

    /** True when scl_slope/scl_inter change values (nibabel: slope 0 or not finite means no scaling). */
    public boolean isScaled() {
        return sclSlope != 0 && Double.isFinite(sclSlope) && (sclSlope != 1 || sclInter != 0);
    }

    public int qformCode() {
        return qformCode;
    }

    public int sformCode() {
        return sformCode;
    }

    public int xyztUnits() {
        return xyztUnits;
    }

    public int intentCode() {
        return intentCode;
    }

    public String intentName() {
        return intentName;
    }

    public String descrip() {
        return descrip;
    }

    /** The quaternion parameters {b, c, d, qoffset_x, qoffset_y, qoffset_z}. */
    public double[] quaternion() {
        return new double[] {quaternB, quaternC, quaternD, qoffsetX, qoffsetY, qoffsetZ};
    }

    /** The sform rows as a 4x4 row-major matrix. */
    public double[] sform() {
        double[] m = new double[16];
        System.arraycopy(srowX, 0, m, 0, 4);
        System.arraycopy(srowY, 0, m, 4, 4);
        System.arraycopy(srowZ, 0, m, 8, 4);
        m[15] = 1;
        return m;
    }

    /** The qform as a 4x4 row-major matrix (nibabel's {@code get_qform}). */
    public double[] qform() {
        return Affines.qformAffine(quaternB, quaternC, quaternD, qoffsetX, qoffsetY, qoffsetZ, pixdim, version);
    }

    /**
     * The voxel-to-world affine chosen as nibabel's {@code get_best_affine}: sform if sform_code != 0,
     * else qform if qform_code != 0, else the centred pixdim affine of {@code get_base_affine}.
     */
    public double[] bestAffine() {
        if (sformCode != 0) {
            return sform();
        }
        if (qformCode != 0) {
            return qform();
        }
        return Affines.baseAffine(shape(), zooms());
    }

    @Override
    public String toString() {
        return "NiftiHeader[nifti" + version + ", " + order + ", dim=" + Arrays.toString(shape())
                + ", datatype=" + datatype + ", pixdim=" + Arrays.toString(zooms())
                + ", qform_code=" + qformCode + ", sform_code=" + sformCode + "]";
    }
}
