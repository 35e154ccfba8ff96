package org.pymic.io.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;

/**
 * MetaImage ({@code .mha} with local data, {@code .mhd} with a separate raw file) reader and writer.
 *
 * <p>Supports NDims 2 to 4 (a fourth axis becomes channels), ElementNumberOfChannels (interleaved
 * per voxel on disk), MET_UCHAR ... MET_DOUBLE, either byte order, zlib CompressedData, Offset /
 * ElementSpacing / TransformMatrix. TransformMatrix lists the axis direction vectors one after the
 * other (as ITK writes it); geometry is in LPS world space. Files are written uncompressed in
 * little-endian order, keeping the source header's other keys.
 */
public final class MetaImage {
    private static final Set<String> MANAGED = Set.of("objecttype", "ndims", "binarydata",
            "binarydatabyteordermsb", "elementbyteordermsb", "compresseddata", "compresseddatasize",
            "transformmatrix", "rotation", "orientation", "offset", "origin", "position", "centerofrotation",
            "elementspacing", "elementsize", "dimsize", "elementnumberofchannels", "elementtype",
            "elementdatafile", "headersize");

    private MetaImage() {
    }

    /** Reads a {@code .mha} or {@code .mhd} file. */
    public static Volume read(Path path) {
        byte[] bytes = ImageBytes.readRaw(path);
        Map<String, String> f = new LinkedHashMap<>();
        Map<String, String> lower = new LinkedHashMap<>();
        int pos = 0;
        int lineNo = 0;
        while (pos < bytes.length) {
            int end = pos;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            lineNo++;
            String line = new String(bytes, pos, end - pos, StandardCharsets.ISO_8859_1).trim();
            pos = Math.min(end + 1, bytes.length);
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw PymicException.input(path + ": line " + lineNo + ": expected 'Key = Value', got '"
                        + abbreviate(line) + "'");
            }
            String key = line.substring(0, eq).trim();
            f.put(key, line.substring(eq + 1).trim());
            lower.put(key.toLowerCase(Locale.ROOT), line.substring(eq + 1).trim());
            if (key.equalsIgnoreCase("ElementDataFile")) {
                break;
            }
        }
        String dataFile = lower.get("elementdatafile");
        if (dataFile == null) {
            throw PymicException.input(path + ": not a MetaImage file: no ElementDataFile line");
        }
        int ndims = integer(lower, "ndims", path);
        if (ndims < 2 || ndims > 4) {
            throw PymicException.input(path + ": NDims is " + ndims + " (expected 2, 3 or 4)");
        }
        long[] size = longs(lower, "dimsize", ndims, path);
        String met = lower.get("elementtype");
        DataType type = met == null ? null : DataType.fromMetType(met);
        if (type == null) {
            throw PymicException.input(path + ": unsupported ElementType '" + met
                    + "' (expected MET_UCHAR, MET_CHAR, MET_SHORT, MET_USHORT, MET_INT, MET_UINT, MET_LONG_LONG,"
                    + " MET_FLOAT or MET_DOUBLE)");
        }
        int comps = lower.containsKey("elementnumberofchannels")
                ? integer(lower, "elementnumberofchannels", path) : 1;
        boolean msb = bool(lower.get("binarydatabyteordermsb")) || bool(lower.get("elementbyteordermsb"));
        boolean compressed = bool(lower.get("compresseddata"));
        if (comps < 1) {
            throw PymicException.input(path + ": ElementNumberOfChannels must be positive, got "
                    + lower.get("elementnumberofchannels"));
        }
        long voxels = 1;
        for (long s : size) {
            if (s < 1) {
                throw PymicException.input(path + ": DimSize must be positive, got " + lower.get("dimsize"));
            }
            if (s > ImageBytes.MAX_ARRAY || voxels * s > ImageBytes.MAX_ARRAY) {
                throw PymicException.input(path + ": image too large: DimSize " + lower.get("dimsize"));
            }
            voxels *= s; // no overflow: both factors are below 2^31
        }
        long count = voxels * comps;
        long need = count * type.bytes();
        if (need > ImageBytes.MAX_ARRAY) {
            throw PymicException.input(path + ": image too large: DimSize " + lower.get("dimsize")
                    + " x " + comps + " channel(s)");
        }
        Path src = path;
        byte[] data;
        int off;
        if (dataFile.equalsIgnoreCase("LOCAL")) {
            data = bytes;
            off = pos;
        } else if (dataFile.toUpperCase(Locale.ROOT).startsWith("LIST") || dataFile.contains("%")) {
            throw PymicException.input(path + ": ElementDataFile '" + dataFile
                    + "' (file lists) is not supported; use LOCAL or one raw file");
        } else {
            Path dir = path.toAbsolutePath().getParent();
            try {
                src = dir.resolve(dataFile);
            } catch (java.nio.file.InvalidPathException e) {
                throw PymicException.input(path + ": ElementDataFile '" + abbreviate(dataFile) + "' is not a valid"
                        + " file name (" + e.getReason() + ")");
            }
            if (!java.nio.file.Files.isRegularFile(src)) {
                throw PymicException.input(path + ": ElementDataFile '" + dataFile + "' is not a file (looked for "
                        + src + ")");
            }
            data = ImageBytes.readRaw(src);
            off = 0;
        }
        int headerSize = lower.containsKey("headersize") ? integer(lower, "headersize", path) : 0;
        if (headerSize < -1 || (!compressed && headerSize > data.length - off)) {
            throw PymicException.input(src + ": HeaderSize is " + headerSize + " (expected -1, 0 or the bytes to skip"
                    + " before the data, at most " + (data.length - off) + ")");
        }
        if (compressed) {
            data = ImageBytes.inflate(data, off, data.length - off, need, src);
            off = 0;
        } else if (headerSize == -1) {
            off = (int) Math.max(0, data.length - need);
        } else {
            off += headerSize;
        }
        if (data.length - off < need) {
            throw PymicException.input(src + ": truncated: DimSize " + lower.get("dimsize") + " x " + comps
                    + " channel(s) of " + type.metType() + " needs " + need + " bytes, found "
                    + Math.max(0, data.length - off));
        }
        ByteBuffer b = ByteBuffer.wrap(data, off, (int) need).order(msb ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[(int) count];
        int nv = (int) voxels;
        for (int v = 0; v < nv; v++) {
            for (int c = 0; c < comps; c++) {
                values[c * nv + v] = (float) type.get(b);
            }
        }
        int w = (int) size[0];
        int h = (int) size[1];
        int d = ndims >= 3 ? (int) size[2] : 1;
        int channels = comps * (ndims == 4 ? (int) size[3] : 1);
        double[] spacing = {1, 1, 1};
        double[] origin = new double[3];
        double[] direction = Volume.identity();
        String sp = lower.containsKey("elementspacing") ? "elementspacing" : "elementsize";
        if (lower.containsKey(sp)) {
            System.arraycopy(doubles(lower, sp, ndims, path), 0, spacing, 0, Math.min(3, ndims));
        }
        for (String k : new String[] {"offset", "origin", "position"}) {
            if (lower.containsKey(k)) {
                System.arraycopy(doubles(lower, k, ndims, path), 0, origin, 0, Math.min(3, ndims));
                break;
            }
        }
        for (String k : new String[] {"transformmatrix", "rotation", "orientation"}) {
            if (lower.containsKey(k)) {
                double[] m = doubles(lower, k, ndims * ndims, path);
                int n = Math.min(3, ndims);
                for (int axis = 0; axis < n; axis++) {
                    for (int r = 0; r < n; r++) {
                        direction[r * 3 + axis] = m[axis * ndims + r];
                    }
                }
                break;
            }
        }
        return new Volume(values, channels, d, h, w, spacing, origin, direction, new MetaImageHeader(f, type));
    }

    /** Writes {@code v}; {@code .mhd} gets a separate {@code .raw} file next to it. */
    public static void write(Volume v, Path path, DataType type) {
        DataType t = type != null ? type : DataType.FLOAT32;
        boolean mhd = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mhd");
        int ndims = v.depth() > 1 ? 3 : 2;
        if (v.header() instanceof MetaImageHeader mh) {
            String nd = mh.fields().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("NDims"))
                    .map(Map.Entry::getValue).findFirst().orElse("3");
            ndims = v.depth() > 1 || !nd.trim().equals("2") ? 3 : 2;
        }
        StringBuilder s = new StringBuilder();
        line(s, "ObjectType", "Image");
        line(s, "NDims", ndims);
        line(s, "BinaryData", "True");
        line(s, "BinaryDataByteOrderMSB", "False");
        line(s, "CompressedData", "False");
        double[] d = v.direction();
        StringBuilder tm = new StringBuilder();
        for (int axis = 0; axis < ndims; axis++) {
            for (int r = 0; r < ndims; r++) {
                tm.append(tm.length() == 0 ? "" : " ").append(num(d[r * 3 + axis]));
            }
        }
        line(s, "TransformMatrix", tm);
        line(s, "Offset", join(v.origin(), ndims));
        line(s, "CenterOfRotation", join(new double[3], ndims));
        if (v.header() instanceof MetaImageHeader mh) {
            for (Map.Entry<String, String> e : mh.fields().entrySet()) {
                if (!MANAGED.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                    line(s, e.getKey(), e.getValue());
                }
            }
        }
        line(s, "ElementSpacing", join(v.spacing(), ndims));
        line(s, "DimSize", ndims == 3 ? v.width() + " " + v.height() + " " + v.depth()
                : v.width() + " " + v.height());
        if (v.channels() > 1) {
            line(s, "ElementNumberOfChannels", v.channels());
        }
        line(s, "ElementType", t.metType());
        String rawName = path.getFileName().toString().replaceAll("(?i)\\.mhd$", ".raw");
        line(s, "ElementDataFile", mhd ? rawName : "LOCAL");
        byte[] header = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (mhd) {
            // both written before either is moved into place: a failed write keeps the old pair together
            AtomicFiles.writeAll(List.of(new AtomicFiles.Target(path.resolveSibling(rawName), out -> writeData(out, v, t)),
                    new AtomicFiles.Target(path, out -> out.write(header))));
        } else {
            AtomicFiles.write(path, out -> {
                out.write(header);
                writeData(out, v, t);
            });
        }
    }

    private static void writeData(OutputStream raw, Volume v, DataType t) throws IOException {
        OutputStream out = new BufferedOutputStream(raw, 1 << 16);
        ByteBuffer b = ByteBuffer.allocate(t.bytes() * 8192).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = v.data();
        int nv = v.voxels();
        int nc = v.channels();
        for (int i = 0; i < nv; i++) {
            for (int c = 0; c < nc; c++) {
                t.put(b, data[c * nv + i]);
                if (!b.hasRemaining()) {
                    out.write(b.array(), 0, b.position());
                    b.clear();
                }
            }
        }
        out.write(b.array(), 0, b.position());
        out.flush();
    }

    private static void line(StringBuilder s, String key, Object value) {
        s.append(key).append(" = ").append(value).append('\n');
    }

    private static String join(double[] v, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : " ").append(num(v[i]));
        }
        return s.toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static boolean bool(String v) {
        return v != null && (v.equalsIgnoreCase("true") || v.equals("1"));
    }

    private static int integer(Map<String, String> f, String key, Path path) {
        long v = longs(f, key, 1, path)[0];
        if (v != (int) v) {
            throw PymicException.input(path + ": " + key + " is out of range, got '" + f.get(key) + "'");
        }
        return (int) v;
    }

    private static long[] longs(Map<String, String> f, String key, int n, Path path) {
        double[] d = doubles(f, key, n, path);
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            l[i] = (long) d[i];
            if (l[i] != d[i]) {
                throw PymicException.input(path + ": " + key + " must be integers, got '" + f.get(key) + "'");
            }
        }
        return l;
    }

    private static double[] doubles(Map<String, String> f, String key, int n, Path path) {
        String v = f.get(key);
        if (v == null) {
            throw PymicException.input(path + ": missing MetaImage key " + key);
        }
        String[] parts = v.trim().split("\\s+");
        if (parts.length < n) {
            throw PymicException.input(path + ": " + key + " needs " + n + " numbers, got '" + v + "'");
        }
        try {
            return Arrays.stream(parts, 0, n).mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            throw PymicException.input(path + ": " + key + " must be numbers, got '" + v + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
