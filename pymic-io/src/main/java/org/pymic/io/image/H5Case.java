package org.pymic.io.image;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;

/**
 * One case stored in an HDF5 file, as the semi-supervised benchmarks (e.g. ACDC slices) ship them:
 * dataset {@code image} and optional dataset {@code label}, each shaped (H, W), (D, H, W) or
 * (C, D, H, W) in numpy order. Geometry is not stored in these files: unit spacing, zero origin.
 *
 * @param image the image volume
 * @param label the label volume, or null when the file has no {@code label} dataset
 */
public record H5Case(Volume image, Volume label) {

    /** Reads datasets {@code image} and (if present) {@code label} of an HDF5 file. */
    public static H5Case read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw PymicException.input(path + ": file not found");
        }
        // jhdf reads a file through a FileChannel by allocating each length a header declares before reading
        // it (fuzzing found an 899-byte file whose object header made it allocate 170 MB); over a buffer
        // holding the file it slices instead, so nothing it reads can exceed the file. The buffer is on the
        // heap, not mapped: a mapping lives until the GC frees its buffer, and with thousands of reads of a
        // file that is rewritten in between (the fuzzer's loop) the live mappings piled up and every
        // rewrite had to visit them, which slowed reading to a twentieth.
        long size = fileSize(path);
        if (size > ImageBytes.MAX_ARRAY) {
            throw PymicException.input(path + ": " + size + " bytes, larger than one HDF5 case can be");
        }
        ByteBuffer bytes;
        try {
            bytes = ByteBuffer.wrap(Files.readAllBytes(path));
        } catch (IOException e) {
            throw PymicException.input(path + ": cannot read file: " + e.getMessage(), e);
        }
        try (HdfFile f = HdfFile.fromByteBuffer(bytes)) {
            Volume image = volume(f, "image", path, size);
            if (image == null) {
                throw PymicException.input(path + ": no dataset 'image' (found " + f.getChildren().keySet() + ")");
            }
            return new H5Case(image, volume(f, "label", path, size));
        } catch (PymicException e) {
            throw e;
        } catch (RuntimeException e) {
            throw PymicException.input(path + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    private static Volume volume(HdfFile f, String name, Path path, long size) {
        Node node = f.getChildren().get(name);
        if (node == null) {
            return null;
        }
        if (!(node instanceof Dataset ds)) {
            throw PymicException.input(path + ": '" + name + "' is not a dataset");
        }
        int[] dims = ds.getDimensions();
        if (dims.length < 2 || dims.length > 4) {
            throw PymicException.input(path + ": dataset '" + name + "' has shape " + Arrays.toString(dims)
                    + " (expected (H, W), (D, H, W) or (C, D, H, W))");
        }
        long declared = ds.getSize() * Math.max(1, ds.getDataType().getSize());
        long bound = FREE_BYTES + BYTES_PER_FILE_BYTE * size;
        if (ds.getSize() < 0 || ds.getSize() > ImageBytes.MAX_ARRAY || declared > bound) {
            throw PymicException.input(path + ": dataset '" + name + "' declares shape " + Arrays.toString(dims)
                    + " (" + declared + " bytes), more than the file's " + size + " bytes can hold");
        }
        float[] data = flat(ds.getDataFlat(), path, name);
        int n = dims.length;
        int w = dims[n - 1];
        int h = dims[n - 2];
        int d = n >= 3 ? dims[n - 3] : 1;
        int c = n == 4 ? dims[0] : 1;
        return Volume.of(data, c, d, h, w);
    }

    /**
     * Bytes a dataset may declare without data to back them; beyond it, each byte of the file may justify
     * {@link #BYTES_PER_FILE_BYTE} more (deflate-filtered chunks expand at most 1032:1). A larger declared
     * shape is refused before jhdf allocates its array.
     */
    static final long FREE_BYTES = 1L << 20;
    static final long BYTES_PER_FILE_BYTE = 1_100;

    private static long fileSize(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw PymicException.input(path + ": cannot read file: " + e.getMessage(), e);
        }
    }

    private static float[] flat(Object o, Path path, String name) {
        if (o instanceof float[] a) {
            return a;
        }
        float[] out;
        if (o instanceof double[] a) {
            out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = (float) a[i];
            }
        } else if (o instanceof int[] a) {
            out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
        } else if (o instanceof long[] a) {
            out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
        } else if (o instanceof short[] a) {
            out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
        } else if (o instanceof byte[] a) {
            out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
        } else if (o instanceof boolean[] a) {
            out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i] ? 1 : 0;
            }
        } else {
            throw PymicException.input(path + ": dataset '" + name + "' has unsupported element type "
                    + (o == null ? "null" : o.getClass().getSimpleName()));
        }
        return out;
    }
}
