package org.pymic.train.optim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.pymic.core.error.PymicException;

/** Byte blobs of optimiser and scheduler state, as checkpoints store them. */
final class StateBlobs {
    private StateBlobs() {
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    static byte[] toBytes(Writer writer) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bos)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    /** Reads a blob; a truncated one is an input error naming {@code what}. */
    static <T> T fromBytes(byte[] bytes, Reader<T> reader, String what) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return reader.read(in);
        } catch (EOFException e) {
            throw PymicException.input(what + ": truncated blob", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
