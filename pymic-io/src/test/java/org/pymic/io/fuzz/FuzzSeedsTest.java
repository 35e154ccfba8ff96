package org.pymic.io.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.image.Volume;
import org.pymic.io.image.ImageFiles;

/**
 * The seed corpora of pymic-io's fuzz tests ({@code src/test/resources/<package>/<Class>Inputs/<method>/}):
 * {@code seed-*} files are made here, from the NIfTI and HDF5 fixtures (made by their make_fixtures.py)
 * and small images written by pymic's writers or by hand; {@code bound-*} files, made here too, are
 * headers that declare far more data than they hold (the reader must refuse them before allocating);
 * {@code crash-*} files are inputs a fuzz run found, kept as regressions. This test checks that the committed seeds are the ones made here and
 * small; {@code -Dpymic.regenerateFuzzSeeds=true} writes them.
 */
class FuzzSeedsTest {
    static final Path RESOURCES = Path.of("src", "test", "resources");
    static final int MAX_SEED_BYTES = 50 * 1024;

    @TempDir
    Path tmp;

    @Test
    void committedSeedsAreTheGeneratedOnes() throws Exception {
        Map<String, byte[]> seeds = seeds();
        boolean write = Boolean.getBoolean("pymic.regenerateFuzzSeeds");
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
            Path p = RESOURCES.resolve(e.getKey());
            assertThat(e.getValue().length).as(e.getKey()).isLessThan(MAX_SEED_BYTES);
            if (write) {
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue());
            }
            assertThat(p).as("seed " + p + " (regenerate with -Dpymic.regenerateFuzzSeeds=true)").exists();
            assertThat(Files.readAllBytes(p)).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    private Map<String, byte[]> seeds() throws Exception {
        Map<String, byte[]> s = new LinkedHashMap<>();
        String image = "org/pymic/io/image/";
        Path nifti = Path.of(getClass().getResource("/nifti/expected.json").toURI()).getParent();
        for (String f : new String[] {"shape_2d.nii.gz", "nifti2_int16_be.nii.gz", "bigendian_int16.nii",
                "extension.nii", "nifti2_float32.nii", "shape_4d.nii", "scaled_uint8.nii.gz", "qform_only.nii.gz",
                "dtype_float64.nii", "sform_only.nii"}) {
            s.put(image + "NiftiReaderFuzzTestInputs/nifti/seed-" + f, Files.readAllBytes(nifti.resolve(f)));
        }
        Path h5 = nifti.resolveSibling("h5");
        for (String f : new String[] {"case.h5", "image_only.h5"}) {
            s.put(image + "H5CaseFuzzTestInputs/h5/seed-" + f, Files.readAllBytes(h5.resolve(f)));
        }
        String mha = image + "MetaImageFuzzTestInputs/metaImage/seed-";
        s.put(mha + "3d_uint8.mha", written(ramp(1, 2, 3, 4), "a.mha", "uint8"));
        s.put(mha + "2d_float32.mha", written(ramp(1, 1, 3, 2), "a.mha", "float32"));
        s.put(mha + "channels_int16.mha", written(ramp(2, 1, 2, 2), "a.mha", "int16"));
        String head = "ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = True\n"
                + "TransformMatrix = 0 1 0 -1 0 0 0 0 1\nOffset = 1 2 3\nElementSpacing = 0.5 1 2\nDimSize = 3 2 2\n"
                + "ElementType = MET_SHORT\n";
        s.put(mha + "bigendian.mha", concat(head + "ElementDataFile = LOCAL\n", shorts(12)));
        s.put(mha + "zlib.mha", concat(head.replace("ElementType", "CompressedData = True\nElementType")
                + "ElementDataFile = LOCAL\n", deflate(shorts(12))));
        // the fuzz test writes its input as case.mha and as case.raw: this header reads the raw file's tail
        s.put(mha + "raw_file_tail.mhd", concat("NDims = 2\nDimSize = 2 2\nElementType = MET_UCHAR\nHeaderSize = -1\n"
                + "ElementDataFile = case.raw\n", new byte[] {1, 2, 3, 4}));
        s.put(mha + "4d.mha", concat("NDims = 4\nDimSize = 2 1 1 2\nElementNumberOfChannels = 1\n"
                + "ElementType = MET_FLOAT\nElementDataFile = LOCAL\n", new byte[16]));
        String mhaBound = image + "MetaImageFuzzTestInputs/metaImage/bound-";
        s.put(mhaBound + "dimsize_overflow.mha", ascii("NDims = 3\nDimSize = 4294967296 4294967296 4\n"
                + "ElementType = MET_UCHAR\nElementDataFile = LOCAL\n"));
        s.put(mhaBound + "zlib_declares_2gb.mha", concat("NDims = 3\nDimSize = 16000 16000 1\nCompressedData = True\n"
                + "ElementType = MET_DOUBLE\nElementDataFile = LOCAL\n", deflate(shorts(12))));
        s.put(mhaBound + "negative_header_size.mha", concat("NDims = 2\nDimSize = 2 2\nHeaderSize = -5\n"
                + "ElementType = MET_UCHAR\nElementDataFile = LOCAL\n", new byte[4]));
        s.put(mhaBound + "no_channels.mha", concat("NDims = 2\nDimSize = 2 2\nElementNumberOfChannels = 0\n"
                + "ElementType = MET_UCHAR\nElementDataFile = LOCAL\n", new byte[4]));
        s.put(mhaBound + "data_file_is_a_folder.mhd", ascii("NDims = 2\nDimSize = 2 2\nElementType = MET_UCHAR\n"
                + "ElementDataFile = .\n"));
        String raster = image + "RasterImagesFuzzTestInputs/";
        s.put(raster + "png/bound-40000x40000.png", png(40_000, 40_000));
        s.put(raster + "bmp/bound-20000x20000.bmp", bmpHeader(20_000, 20_000));
        s.put(raster + "png/seed-grey8.png", written(ramp(1, 1, 5, 7), "a.png", "uint8"));
        s.put(raster + "png/seed-grey16.png", written(ramp(1, 1, 4, 3), "a.png", "uint16"));
        s.put(raster + "png/seed-rgb.png", written(ramp(3, 1, 3, 4), "a.png", "uint8"));
        s.put(raster + "png/seed-rgba.png", imageIo(BufferedImage.TYPE_INT_ARGB, "png"));
        s.put(raster + "png/seed-palette.png", imageIo(BufferedImage.TYPE_BYTE_INDEXED, "png"));
        s.put(raster + "png/seed-binary.png", imageIo(BufferedImage.TYPE_BYTE_BINARY, "png"));
        s.put(raster + "jpeg/seed-grey.jpg", written(ramp(1, 1, 8, 8), "a.jpg", "uint8"));
        s.put(raster + "jpeg/seed-rgb.jpg", written(ramp(3, 1, 9, 17), "a.jpg", "uint8"));
        s.put(raster + "bmp/seed-grey.bmp", written(ramp(1, 1, 3, 5), "a.bmp", "uint8"));
        s.put(raster + "bmp/seed-rgb.bmp", written(ramp(3, 1, 2, 3), "a.bmp", "uint8"));
        s.put(raster + "bmp/seed-palette.bmp", imageIo(BufferedImage.TYPE_BYTE_INDEXED, "bmp"));
        String csv = "org/pymic/io/data/CaseListFuzzTestInputs/caseList/seed-";
        s.put(csv + "image_label.csv", ascii("image,label\nimg1.nii,lab1.nii\nimg2.nii,lab2.nii\n"));
        s.put(csv + "weights.csv", ascii("image,label,pixel_weight\nimg1.nii,lab1.nii,w1.nii\n\nimg2.nii,,\n"));
        s.put(csv + "two_modalities.csv", ascii("\uFEFFimage1,image2,label\nimg1.nii,img2.nii,lab1.nii\n"));
        s.put(csv + "quoted.csv", ascii("image,label\n\"img1.nii\",\"lab\"\"1.nii\"\nmissing.nii,lab2.nii\n"));
        s.put(csv + "foreign_header.csv", ascii("t1,seg,pixel_weight,image_weight\r\nimg1.nii,lab1.nii,w1.nii,1\r\n"));
        return s;
    }

    /** A volume of C x D x H x W values 0, 1, 2, ... */
    private static Volume ramp(int c, int d, int h, int w) {
        float[] v = new float[c * d * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i * 7) % 256;
        }
        return Volume.of(v, c, d, h, w);
    }

    private byte[] written(Volume v, String name, String dtype) throws Exception {
        Path p = tmp.resolve(name);
        ImageFiles.write(v, p, dtype);
        return Files.readAllBytes(p);
    }

    private static byte[] imageIo(int type, String format) throws Exception {
        BufferedImage img = new BufferedImage(6, 4, type);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                img.setRGB(x, y, (x * 40) << 16 | (y * 60) << 8 | (x + y) * 20 | (x == 0 ? 0x80 : 0xFF) << 24);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    /** A PNG whose IHDR declares w x h 8-bit grey pixels and whose one IDAT holds a single row. */
    private static byte[] png(int w, int h) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", deflate(new byte[1 + Math.min(w, 64)]));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws Exception {
        byte[] t = ascii(type);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(t);
        out.write(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A 24-bit BMP header (BITMAPINFOHEADER) declaring w x h pixels, with no pixel data. */
    private static byte[] bmpHeader(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(54).putInt(0).putInt(54);
        b.putInt(40).putInt(w).putInt(h).putShort((short) 1).putShort((short) 24).putInt(0).putInt(0)
                .putInt(2835).putInt(2835).putInt(0).putInt(0);
        return b.array();
    }

    private static byte[] shorts(int n) {
        ByteBuffer b = ByteBuffer.allocate(2 * n).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putShort((short) (i * 100 - 300));
        }
        return b.array();
    }

    private static byte[] deflate(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] concat(String header, byte[] data) {
        byte[] h = ascii(header);
        byte[] out = new byte[h.length + data.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(data, 0, out, h.length, data.length);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
