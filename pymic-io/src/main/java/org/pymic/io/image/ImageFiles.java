package org.pymic.io.image;

import java.nio.file.Path;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;

/**
 * Reads and writes images, choosing the format by extension: NIfTI ({@code .nii}, {@code .nii.gz}),
 * MetaImage ({@code .mha}, {@code .mhd}), PNG, JPEG, BMP, and HDF5 ({@code .h5}, read only: dataset
 * {@code image}). Writes are atomic (temporary file in the same folder, then moved into place).
 *
 * <p>Geometry conventions: NIfTI volumes are in RAS world space, MetaImage volumes in LPS. When a volume
 * read from one convention is written in the other, origin and direction are flipped in x and y;
 * a volume without a header is taken to be in the target format's convention.
 */
public final class ImageFiles {
    private ImageFiles() {
    }

    /** Reads an image file into a volume (C, D, H, W) with its geometry and header. */
    public static Volume read(Path path) {
        switch (ImageFormat.of(path)) {
            case NIFTI: return NiftiReader.read(path);
            case METAIMAGE: return MetaImage.read(path);
            case PNG: case JPEG: case BMP: return RasterImages.read(path);
            default: return H5Case.read(path).image();
        }
    }

    /** Writes a volume keeping its header's data type (float32 when it has none). */
    public static void write(Volume volume, Path path) {
        write(volume, path, (DataType) null);
    }

    /** Writes a volume as the given data type ("uint8" for label maps, "float32"...). */
    public static void write(Volume volume, Path path, String dtype) {
        write(volume, path, dtype == null ? null : DataType.parse(dtype));
    }

    /** Writes a volume as the given data type, or the header's when {@code type} is null. */
    public static void write(Volume volume, Path path, DataType type) {
        if (type == null) {
            type = headerType(volume);
        }
        switch (ImageFormat.of(path)) {
            case NIFTI:
                NiftiWriter.write(Geometry.toRas(volume), path, type);
                break;
            case METAIMAGE:
                MetaImage.write(Geometry.toLps(volume), path, type);
                break;
            case PNG: case JPEG: case BMP:
                RasterImages.write(volume, path, type);
                break;
            default:
                throw PymicException.input(path + ": writing HDF5 is not supported (write .nii.gz or .mha)");
        }
    }

    /** The on-disk type of the file the volume was read from, or null. */
    static DataType headerType(Volume v) {
        if (v.header() instanceof NiftiHeader h) {
            return h.dataType();
        }
        if (v.header() instanceof MetaImageHeader h) {
            return h.dataType();
        }
        return null;
    }
}
