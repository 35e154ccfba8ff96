package org.pymic.io.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;

class RasterAndH5Test {
    @TempDir
    Path tmp;

    @Test
    void labelPngIsEightBitGrey() throws Exception {
        float[] lab = {0, 1, 2, 3, 255, 300, -4, 1.6f};
        Path p = tmp.resolve("lab.png");
        ImageFiles.write(Volume.of(lab, 1, 1, 2, 4), p, "uint8");
        BufferedImage img = ImageIO.read(p.toFile());
        assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        Volume v = ImageFiles.read(p);
        assertThat(v.shape()).containsExactly(1, 1, 2, 4);
        assertThat(v.data()).containsExactly(0, 1, 2, 3, 255, 255, 0, 2);
    }

    @Test
    void rgbRoundTripsThroughPngAndBmp() {
        float[] rgb = new float[3 * 6];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (i * 37) % 256;
        }
        Volume v = Volume.of(rgb, 3, 1, 2, 3);
        for (String name : new String[] {"c.png", "c.bmp"}) {
            Path p = tmp.resolve(name);
            ImageFiles.write(v, p);
            Volume b = ImageFiles.read(p);
            assertThat(b.shape()).containsExactly(3, 1, 2, 3);
            assertThat(b.data()).as(name).containsExactly(rgb);
        }
    }

    /**
     * Fuzzing found it (RasterImagesFuzzTestInputs/bmp/crash-06219b06...): a 3 x 2 BMP declaring an
     * embedded JPEG made javax.imageio allocate 900 MB for 332 bytes. Refused before decoding, by name.
     */
    @Test
    void aBmpWrappingAJpegOrPngIsRefusedBeforeDecoding() throws Exception {
        for (int compression : new int[] {4, 5}) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(54 + 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.put((byte) 'B').put((byte) 'M').putInt(70).putInt(0).putInt(54);
            b.putInt(40).putInt(3).putInt(2).putShort((short) 1).putShort((short) 0).putInt(compression)
                    .putInt(Integer.MAX_VALUE).putInt(2835).putInt(2835).putInt(0).putInt(0);
            Path p = java.nio.file.Files.write(tmp.resolve("e" + compression + ".bmp"), b.array());
            assertThatThrownBy(() -> ImageFiles.read(p)).isInstanceOfSatisfying(PymicException.class,
                            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INPUT))
                    .hasMessageContaining(p.toString()).hasMessageContaining(compression == 4 ? "embedded JPEG" : "embedded PNG");
        }
    }

    @Test
    void jpegGreyIsApproximatelyKept() {
        float[] g = new float[64];
        java.util.Arrays.fill(g, 120);
        Path p = tmp.resolve("g.jpg");
        ImageFiles.write(Volume.of(g, 1, 1, 8, 8), p);
        Volume b = ImageFiles.read(p);
        assertThat(b.channels()).isEqualTo(1);
        for (float x : b.data()) {
            assertThat(x).isBetween(117f, 123f);
        }
    }

    @Test
    void threeDimensionalVolumeCannotBePng() {
        Volume v = Volume.of(new float[8], 1, 2, 2, 2);
        assertThatThrownBy(() -> ImageFiles.write(v, tmp.resolve("x.png")))
                .isInstanceOf(PymicException.class)
                .extracting(e -> ((PymicException) e).exitCode()).isEqualTo(ExitCode.DATA);
    }

    @Test
    void h5CaseReadsImageAndLabel() throws Exception {
        Path dir = NiftiFixturesTest.dir().resolveSibling("h5");
        H5Case c = H5Case.read(dir.resolve("case.h5"));
        assertThat(c.image().shape()).containsExactly(1, 2, 3, 4);
        assertThat(c.label().shape()).containsExactly(1, 2, 3, 4);
        for (int i = 0; i < 24; i++) {
            assertThat(c.image().data()[i]).isEqualTo(i / 4f);
            assertThat(c.label().data()[i]).isEqualTo(i % 3);
        }
        H5Case only = H5Case.read(dir.resolve("image_only.h5"));
        assertThat(only.label()).isNull();
        assertThat(only.image().shape()).containsExactly(1, 1, 3, 4);
        assertThat(only.image().data()[0]).isEqualTo(-5);
        assertThat(ImageFiles.read(dir.resolve("case.h5")).data()).containsExactly(c.image().data());
    }

    @Test
    void notAnH5File() throws Exception {
        Path p = tmp.resolve("bad.h5");
        java.nio.file.Files.writeString(p, "not hdf5");
        assertThatThrownBy(() -> H5Case.read(p)).isInstanceOf(PymicException.class)
                .hasMessageStartingWith(p + ": ");
    }

    /**
     * A read holds no mapping of the file once it returns: mappings outlive the read until the GC runs, and
     * many of them made every rewrite of the file slow (the h5 fuzz target ran at a twentieth of its speed).
     */
    @Test
    void anH5ReadLeavesNoMappingOfTheFile() throws Exception {
        Path mapsFile = Path.of("/proc/self/maps");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(mapsFile), "needs /proc");
        Path p = tmp.resolve("mapped-probe.h5");
        java.nio.file.Files.copy(NiftiFixturesTest.dir().resolveSibling("h5").resolve("case.h5"), p);
        for (int i = 0; i < 3; i++) {
            assertThat(H5Case.read(p).image().shape()).containsExactly(1, 2, 3, 4);
        }
        assertThat(java.nio.file.Files.readAllLines(mapsFile)).noneMatch(l -> l.endsWith(p.toString()));
    }
}
