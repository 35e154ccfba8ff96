package org.pymic.io.image;

import java.nio.file.Path;
import java.util.Locale;
import org.pymic.core.error.PymicException;

/** The image file formats pymic reads and writes, chosen by file-name extension. */
public enum ImageFormat {
    NIFTI, METAIMAGE, PNG, JPEG, BMP, HDF5;

    /** Whether files of this format hold 8-bit samples only (PNG, JPEG, BMP). */
    public boolean isRaster() {
        return this == PNG || this == JPEG || this == BMP;
    }

    /**
     * The extension of a file name as pymic names outputs after it: {@code .nii.gz}, else from the last dot
     * ({@code .png}); empty when the name has no dot.
     */
    public static String extension(String fileName) {
        if (fileName.endsWith(".nii.gz")) {
            return ".nii.gz";
        }
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot);
    }

    /** The format of a file name ({@code .nii}, {@code .nii.gz}, {@code .mha}, {@code .mhd}, ...). */
    public static ImageFormat of(Path path) {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".nii") || n.endsWith(".nii.gz")) {
            return NIFTI;
        }
        if (n.endsWith(".mha") || n.endsWith(".mhd")) {
            return METAIMAGE;
        }
        if (n.endsWith(".png")) {
            return PNG;
        }
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            return JPEG;
        }
        if (n.endsWith(".bmp")) {
            return BMP;
        }
        if (n.endsWith(".h5") || n.endsWith(".hdf5")) {
            return HDF5;
        }
        throw PymicException.input(path + ": unknown image format (expected .nii, .nii.gz, .mha, .mhd, .png, "
                + ".jpg, .jpeg, .bmp or .h5)");
    }
}
