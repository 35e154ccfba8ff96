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
            return in.readAllBytes();
        } catch (EOFException e) {
            throw PymicException.input(path + ": gzip data is truncated", e);
        } catch (ZipException e) {
            throw PymicException.input(path + ": gzip data is corrupt (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw PymicException.input(path + ": cannot decompress gzip data: " + e.getMessage(), e);
        }
    }

    /** Inflates zlib data (MetaImage CompressedData). */
    static byte[] inflate(byte[] raw, int offset, int length, long expected, Path path) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(raw, offset, length);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(expected, Integer.MAX_VALUE - 8));
            byte[] buf = new byte[1 << 16];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
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
