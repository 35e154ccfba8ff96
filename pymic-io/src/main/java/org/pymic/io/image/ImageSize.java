package org.pymic.io.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * How many float values an image file decodes to (voxels times channels), for sizing memory before a run.
 * A NIfTI file is answered from its header alone (the first bytes, decompressed on the fly when gzipped);
 * other formats, and a NIfTI header that cannot be read that way, are decoded in full.
 */
public final class ImageSize {
    /** Bytes read from the start of a NIfTI file: the header and a usual extension area. */
    static final int HEADER_PREFIX = 1 << 16;

    private ImageSize() {
    }

    /** Float values of the decoded image; errors of an unreadable file are the readers' own. */
    public static long values(Path path) {
        long n = headerValues(path);
        return n >= 0 ? n : ImageFiles.read(path).data().length;
    }

    /** {@link #values} from the file's header alone, or -1 when the format or the file does not allow it. */
    public static long headerValues(Path path) {
        if (ImageFormat.of(path) != ImageFormat.NIFTI) {
            return -1;
        }
        NiftiHeader h = niftiHeader(path);
        if (h == null) {
            return -1;
        }
        long n = 1;
        for (long d : h.shape()) {
            n *= Math.max(1, d);
        }
        return n;
    }

    private static NiftiHeader niftiHeader(Path path) {
        byte[] head;
        try (InputStream raw = Files.newInputStream(path)) {
            InputStream in = new java.io.BufferedInputStream(raw);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1F && b1 == 0x8B) {
                in = new GZIPInputStream(in, 1 << 13);
            }
            head = in.readNBytes(HEADER_PREFIX);
        } catch (IOException e) {
            return null;
        }
        try {
            return NiftiReader.parseHeader(head, path);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
