package org.pymic.io.image;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.ZipException;
import org.pymic.core.error.PymicException;

/** Reading whole files (gzip-aware) and zlib blocks, with errors that name the file. */
final class ImageBytes {
    /** The largest Java array: no image file decodes to more bytes. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private ImageBytes() {
    }

    /** The file's bytes; gzip data (magic 1f 8b) is decompressed. */
    static byte[] read(Path path) {
        byte[] raw = readRaw(path);
        if (raw.length >= 2 && (raw[0] & 0xFF) == 0x1F && (raw[1] & 0xFF) == 0x8B) {
            return gunzip(raw, path);
        }
        return raw;
    }

    static byte[] readRaw(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw PymicException.input(path + ": file not found");
        } catch (IOException e) {
            throw PymicException.input(path + ": cannot read file: " + e.getMessage(), e);
        }
    }

    static byte[] gunzip(byte[] raw, Path path) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw), 1 << 16)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(raw.length * 4, MAX_ARRAY));
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                if (out.size() > MAX_ARRAY - n) {
                    throw PymicException.input(path + ": gzip data decompresses to more than " + MAX_ARRAY
                            + " bytes, more than one image can hold");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (EOFException e) {
            throw PymicException.input(path + ": gzip data is truncated", e);
        } catch (ZipException e) {
            throw PymicException.input(path + ": gzip data is corrupt (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw PymicException.input(path + ": cannot decompress gzip data: " + e.getMessage(), e);
        }
    }

    /**
     * Inflates zlib data (MetaImage CompressedData), at most {@code expected} bytes: what follows is not
     * needed, and the buffer grows with the data actually found, never to a size a header only declares.
     */
    static byte[] inflate(byte[] raw, int offset, int length, long expected, Path path) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(raw, offset, length);
            int want = (int) Math.min(expected, MAX_ARRAY);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(want, Math.min(MAX_ARRAY,
                    4L * length + 1024)));
            byte[] buf = new byte[1 << 16];
            while (!inf.finished() && out.size() < want) {
                int n = inf.inflate(buf, 0, Math.min(buf.length, want - out.size()));
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw PymicException.input(path + ": compressed data is truncated");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw PymicException.input(path + ": compressed data is corrupt (" + e.getMessage() + ")", e);
        } finally {
            inf.end();
        }
    }
}
