package org.pymic.io.image;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/** Bad input files give a one-line PymicException with exit code INPUT naming the file. */
class ImageErrorsTest {
    @TempDir
    Path tmp;

    private byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(NiftiFixturesTest.dir().resolve(name));
    }

    private void assertInputError(Path file, String fragment) {
        assertThatThrownBy(() -> ImageFiles.read(file))
                .isInstanceOf(PymicException.class)
                .hasMessageStartingWith(file.toString() + ": ")
                .hasMessageContaining(fragment)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((PymicException) e).exitCode())
                        .isEqualTo(ExitCode.INPUT));
    }

    @Test
    void missingFile() {
        assertInputError(tmp.resolve("nope.nii.gz"), "file not found");
        assertInputError(tmp.resolve("nope.mha"), "file not found");
        assertInputError(tmp.resolve("nope.png"), "file not found");
        assertInputError(tmp.resolve("nope.h5"), "file not found");
    }

    @Test
    void truncatedData() throws Exception {
        byte[] b = fixture("dtype_int16.nii");
        Path f = tmp.resolve("short.nii");
        Files.write(f, Arrays.copyOf(b, b.length - 5));
        assertInputError(f, "truncated");
        Files.write(f, Arrays.copyOf(b, 200));
        assertInputError(f, "truncated: header needs 348 bytes");
    }

    @Test
    void wrongMagic() throws Exception {
        Path f = tmp.resolve("text.nii");
        Files.writeString(f, "this is not an image at all, just some text that is long enough. ".repeat(8));
        assertInputError(f, "not a NIfTI file: sizeof_hdr");
        byte[] b = fixture("dtype_uint8.nii");
        b[345] = 'x';
        Files.write(f, b);
        assertInputError(f, "magic");
    }

    @Test
    void dimsDisagreeWithFileSize() throws Exception {
        byte[] b = fixture("dtype_float32.nii");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(42, (short) 40);
        Path f = tmp.resolve("dims.nii");
        Files.write(f, b);
        assertInputError(f, "needs");
    }

    @Test
    void unsupportedDatatype() throws Exception {
        byte[] b = fixture("dtype_float32.nii");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(70, (short) 32);
        Path f = tmp.resolve("complex.nii");
        Files.write(f, b);
        assertInputError(f, "unsupported NIfTI datatype 32 (complex64)");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(70, (short) 1280);
        Files.write(f, b);
        assertInputError(f, "uint64");
    }

    @Test
    void corruptGzip() throws Exception {
        byte[] b = fixture("qform_only.nii.gz");
        byte[] bad = b.clone();
        for (int i = 20; i < 60; i++) {
            bad[i] ^= 0x5A;
        }
        Path f = tmp.resolve("bad.nii.gz");
        Files.write(f, bad);
        assertInputError(f, "gzip");
        Files.write(f, Arrays.copyOf(b, b.length / 2));
        assertInputError(f, "gzip data is truncated");
    }

    @Test
    void unknownExtension() {
        assertInputError(tmp.resolve("image.tiff"), "unknown image format");
    }
}
