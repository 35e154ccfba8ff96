package org.pymic.io.image;

import java.nio.ByteBuffer;
import java.util.Locale;
import org.pymic.core.error.PymicException;

/**
 * On-disk voxel types shared by the image formats, with their NIfTI codes and MetaImage names.
 *
 * <p>Values are converted to and from the {@code float} data of a {@link org.pymic.core.image.Volume}.
 * Writing to an integer type rounds half to even (as numpy's {@code rint}) and clips to the type's range,
 * so a label map written as {@code uint8} keeps exact class indices.
 */
public enum DataType {
    UINT8("uint8", 2, 1, true, "MET_UCHAR", 0, 255),
    INT8("int8", 256, 1, true, "MET_CHAR", -128, 127),
    INT16("int16", 4, 2, true, "MET_SHORT", Short.MIN_VALUE, Short.MAX_VALUE),
    UINT16("uint16", 512, 2, true, "MET_USHORT", 0, 65535),
    INT32("int32", 8, 4, true, "MET_INT", Integer.MIN_VALUE, Integer.MAX_VALUE),
    UINT32("uint32", 768, 4, true, "MET_UINT", 0, 4294967295.0),
    INT64("int64", 1024, 8, true, "MET_LONG_LONG", Long.MIN_VALUE, Long.MAX_VALUE),
    FLOAT32("float32", 16, 4, false, "MET_FLOAT", -Float.MAX_VALUE, Float.MAX_VALUE),
    FLOAT64("float64", 64, 8, false, "MET_DOUBLE", -Double.MAX_VALUE, Double.MAX_VALUE);

    private final String label;
    private final int niftiCode;
    private final int bytes;
    private final boolean integer;
    private final String metType;
    private final double min;
    private final double max;

    DataType(String label, int niftiCode, int bytes, boolean integer, String metType, double min, double max) {
        this.label = label;
        this.niftiCode = niftiCode;
        this.bytes = bytes;
        this.integer = integer;
        this.metType = metType;
        this.min = min;
        this.max = max;
    }

    /** numpy-style name, e.g. {@code "uint8"}. */
    public String label() {
        return label;
    }

    public int niftiCode() {
        return niftiCode;
    }

    /** Bytes per value. */
    public int bytes() {
        return bytes;
    }

    public boolean isInteger() {
        return integer;
    }

    /** MetaImage ElementType name. */
    public String metType() {
        return metType;
    }

    /** The type of a numpy-style name ("uint8", "float32"...); also accepts "float", "double", "uchar". */
    public static DataType parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "float": return FLOAT32;
            case "double": return FLOAT64;
            case "uchar": return UINT8;
            case "short": return INT16;
            case "int": return INT32;
            default: break;
        }
        for (DataType t : values()) {
            if (t.label.equals(n)) {
                return t;
            }
        }
        throw PymicException.config("unknown image data type '" + name
                + "' (expected uint8, int8, int16, uint16, int32, uint32, int64, float32 or float64)");
    }

    /** The type of a NIfTI datatype code, or null when pymic does not read that code. */
    public static DataType fromNiftiCode(int code) {
        for (DataType t : values()) {
            if (t.niftiCode == code) {
                return t;
            }
        }
        return null;
    }

    /** The type of a MetaImage ElementType, or null when unknown. */
    public static DataType fromMetType(String met) {
        String m = met.trim().toUpperCase(Locale.ROOT);
        if (m.equals("MET_LONG")) {
            return INT32;
        }
        if (m.equals("MET_ULONG")) {
            return UINT32;
        }
        for (DataType t : values()) {
            if (t.metType.equals(m)) {
                return t;
            }
        }
        return null;
    }

    /** Reads one value at the buffer's position (the buffer's byte order applies). */
    double get(ByteBuffer b) {
        switch (this) {
            case UINT8: return b.get() & 0xFF;
            case INT8: return b.get();
            case INT16: return b.getShort();
            case UINT16: return b.getShort() & 0xFFFF;
            case INT32: return b.getInt();
            case UINT32: return b.getInt() & 0xFFFFFFFFL;
            case INT64: return b.getLong();
            case FLOAT32: return b.getFloat();
            default: return b.getDouble();
        }
    }

    /** Writes one value, rounded and clipped for integer types. */
    void put(ByteBuffer b, double v) {
        if (integer) {
            v = Double.isNaN(v) ? 0 : Math.max(min, Math.min(max, Math.rint(v)));
        }
        switch (this) {
            case UINT8: case INT8: b.put((byte) (long) v); break;
            case INT16: case UINT16: b.putShort((short) (long) v); break;
            case INT32: case UINT32: b.putInt((int) (long) v); break;
            case INT64: b.putLong((long) v); break;
            case FLOAT32: b.putFloat((float) v); break;
            default: b.putDouble(v); break;
        }
    }
}
