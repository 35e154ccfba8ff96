package org.pymic.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * Parameter values of a {@link SegNetwork} by name, in a small binary format:
 * magic {@code PYMICNET}, version 1, count, then per parameter its name (UTF), rank, dims (long)
 * and float32 values (big-endian). Loading matches names, so the file does not depend on the order
 * of blocks; a missing parameter or a shape mismatch is an input error naming the file.
 * Files are written to a temporary name and moved into place.
 */
public final class ParameterFile {
    private static final String MAGIC = "PYMICNET";
    private static final int VERSION = 1;

    private ParameterFile() {
    }

    /**
     * Fault injection for tests: when {@code >= 0}, a save fails ("No space left on device") once that
     * many bytes have been written to its temporary file; -1 (always, outside tests) writes normally.
     */
    static volatile long failAfterBytes = -1;

    /**
     * Writes through {@code .<name>.<random>.tmp} in the same folder, forced to storage and moved into
     * place (the folder forced after the move where the operating system allows): a failed write leaves
     * the previous file as it was and removes its temporary file ({@link ExitCode#OUTPUT}).
     */
    public static void save(SegNetwork net, Path file) {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + file.getFileName() + "."
                + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream raw = Channels.newOutputStream(ch);
                long limit = failAfterBytes;
                OutputStream out = limit < 0 ? raw : new FilterOutputStream(raw) {
                    private long left = limit;

                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        int n = (int) Math.min(len, left);
                        out.write(b, off, n);
                        left -= n;
                        if (n < len) {
                            throw new IOException("No space left on device");
                        }
                    }
                };
                write(net, out);
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(abs.getParent(), StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException | UnsupportedOperationException e) {
                // a folder cannot be forced on this OS (Windows): the rename stands
            }
        } catch (IOException e) {
            String kept = Files.exists(file) ? "the previous file is kept unchanged" : "no file was written";
            throw new PymicException(ExitCode.OUTPUT, file + ": cannot write network parameters (" + kept + "): "
                    + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort clean-up of the temporary file
            }
        }
    }

    public static void load(SegNetwork net, Path file) {
        if (!Files.isRegularFile(file)) {
            throw PymicException.input(file + ": network parameter file not found");
        }
        try (InputStream in = Files.newInputStream(file)) {
            read(net, in, file.toString());
        } catch (IOException e) {
            throw PymicException.input(file + ": cannot read network parameters: " + e.getMessage(), e);
        }
    }

    public static void write(SegNetwork net, OutputStream os) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os));
        Map<String, Parameter> params = net.namedParameters();
        out.writeBytes(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(params.size());
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray a = e.getValue().getArray();
            out.writeUTF(e.getKey());
            long[] dims = a.getShape().getShape().clone();
            out.writeInt(dims.length);
            for (long d : dims) {
                out.writeLong(d);
            }
            for (float v : a.toFloatArray()) {
                out.writeFloat(v);
            }
        }
        out.flush();
    }

    public static void read(SegNetwork net, InputStream is, String source) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(is));
        Map<String, float[]> values = new HashMap<>();
        Map<String, long[]> shapes = new HashMap<>();
        try {
            byte[] magic = new byte[MAGIC.length()];
            in.readFully(magic);
            if (!MAGIC.equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))) {
                throw PymicException.input(source + ": not a pymic network parameter file");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw PymicException.input(source + ": parameter file version " + version + ", expected " + VERSION);
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                long[] dims = new long[in.readInt()];
                for (int k = 0; k < dims.length; k++) {
                    dims[k] = in.readLong();
                }
                float[] v = new float[Math.toIntExact(new Shape(dims).size())];
                for (int k = 0; k < v.length; k++) {
                    v[k] = in.readFloat();
                }
                values.put(name, v);
                shapes.put(name, dims);
            }
        } catch (EOFException e) {
            throw new PymicException(ExitCode.INPUT, source + ": truncated network parameter file", e);
        }
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            float[] v = values.get(e.getKey());
            if (v == null) {
                throw PymicException.input(source + ": parameter '" + e.getKey() + "' of " + net.name()
                        + " is missing (saved from a different network?)");
            }
            NDArray a = e.getValue().getArray();
            long[] expected = a.getShape().getShape().clone();
            if (!Arrays.equals(expected, shapes.get(e.getKey()))) {
                throw PymicException.input(source + ": parameter '" + e.getKey() + "' has shape "
                        + new Shape(shapes.get(e.getKey())) + ", expected " + a.getShape());
            }
            a.set(v);
        }
    }
}
