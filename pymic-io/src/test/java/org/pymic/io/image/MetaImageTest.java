package org.pymic.io.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;

class MetaImageTest {
    @TempDir
    Path tmp;

    private Path mha(String name, String header, byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        Path p = tmp.resolve(name);
        Files.write(p, out.toByteArray());
        return p;
    }

    @Test
    void readsBigEndianWithGeometry() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 12; i++) {
            b.putShort((short) (i * 100 - 300));
        }
        Path p = mha("be.mha", "ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = True\n"
                + "TransformMatrix = 0 1 0 -1 0 0 0 0 1\nOffset = 1 2 3\nElementSpacing = 0.5 1 2\n"
                + "DimSize = 3 2 2\nElementType = MET_SHORT\nElementDataFile = LOCAL\n", b.array());
        Volume v = ImageFiles.read(p);
        assertThat(v.shape()).containsExactly(1, 2, 2, 3);
        assertThat(v.get(0, 1, 1, 2)).isEqualTo(11 * 100 - 300);
        assertThat(v.get(0, 0, 1, 0)).isEqualTo(3 * 100 - 300);
        assertThat(v.spacing()).containsExactly(0.5, 1, 2);
        assertThat(v.origin()).containsExactly(1, 2, 3);
        // x axis points along +y, y axis along -x
        assertThat(v.direction()).containsExactly(0, -1, 0, 1, 0, 0, 0, 0, 1);
        ImageInfo info = ImageInfo.of(p);
        assertThat(info.dtype()).isEqualTo("int16");
        assertThat(info.shape()).containsExactly(3, 2, 2);
        assertThat(info.affine()[0]).containsExactly(0, -1, 0, 1);
        assertThat(info.affine()[1]).containsExactly(0.5, 0, 0, 2);
        assertThat(info.mean()).isEqualTo(250.0);
    }

    @Test
    void readsCompressedMultiChannel() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4 * 2 * 6).order(ByteOrder.LITTLE_ENDIAN);
        for (int v = 0; v < 6; v++) {
            b.putFloat(v).putFloat(-v * 0.5f);
        }
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
            d.write(b.array());
        }
        Path p = mha("z.mha", "ObjectType = Image\nNDims = 2\nCompressedData = True\nCompressedDataSize = "
                + z.size() + "\nDimSize = 3 2\nElementNumberOfChannels = 2\nElementType = MET_FLOAT\n"
                + "ElementDataFile = LOCAL\n", z.toByteArray());
        Volume v = ImageFiles.read(p);
        assertThat(v.shape()).containsExactly(2, 1, 2, 3);
        assertThat(v.data()).containsExactly(0, 1, 2, 3, 4, 5, 0, -0.5f, -1, -1.5f, -2, -2.5f);
    }

    @Test
    void roundTripKeepsExtraKeysAndWritesRawFile() throws Exception {
        Volume v = NiftiRoundTripTest.synthetic();
        Path first = tmp.resolve("a.mha");
        ImageFiles.write(v, first, "float32");
        String text = Files.readString(first, StandardCharsets.ISO_8859_1);
        Files.writeString(first, text.replace("ElementSpacing", "Modality = MET_MOD_MR\nElementSpacing"),
                StandardCharsets.ISO_8859_1);
        Volume a = ImageFiles.read(first);
        assertThat(a.data()).containsExactly(v.data());
        Path mhd = tmp.resolve("b.mhd");
        ImageFiles.write(a, mhd, "float64");
        assertThat(tmp.resolve("b.raw")).exists().hasSize(60 * 8);
        Volume b = ImageFiles.read(mhd);
        assertThat(b.data()).containsExactly(v.data());
        assertThat(((MetaImageHeader) b.header()).fields()).containsEntry("Modality", "MET_MOD_MR")
                .containsEntry("ElementType", "MET_DOUBLE");
        NiftiFixturesTest.assertClose(b.spacing(), v.spacing(), "spacing");
        NiftiFixturesTest.assertClose(b.origin(), v.origin(), "origin");
        NiftiFixturesTest.assertClose(b.direction(), v.direction(), "direction");
    }

    @Test
    void niftiToMetaImageConvertsRasToLps() throws Exception {
        Volume n = ImageFiles.read(NiftiFixturesTest.dir().resolve("dtype_int16.nii"));
        Path p = tmp.resolve("from_nifti.mha");
        ImageFiles.write(n, p);
        Volume m = ImageFiles.read(p);
        assertThat(((MetaImageHeader) m.header()).dataType()).isEqualTo(DataType.INT16);
        assertThat(m.data()).containsExactly(n.data());
        double[] o = n.origin();
        NiftiFixturesTest.assertClose(m.origin(), new double[] {-o[0], -o[1], o[2]}, "origin");
        double[] d = n.direction();
        double[] want = {-d[0], -d[1], -d[2], -d[3], -d[4], -d[5], d[6], d[7], d[8]};
        NiftiFixturesTest.assertClose(m.direction(), want, "direction");
        Path back = tmp.resolve("back.nii");
        ImageFiles.write(m, back);
        NiftiFixturesTest.assertClose(ImageFiles.read(back).origin(), o, "origin back");
    }

    @Test
    void truncatedAndUnknownType() throws Exception {
        Path p = mha("t.mha", "NDims = 2\nDimSize = 4 4\nElementType = MET_SHORT\nElementDataFile = LOCAL\n",
                new byte[10]);
        assertThatThrownBy(() -> ImageFiles.read(p)).isInstanceOf(PymicException.class)
                .hasMessageContaining("truncated").extracting(e -> ((PymicException) e).exitCode())
                .isEqualTo(ExitCode.INPUT);
        Path q = mha("u.mha", "NDims = 2\nDimSize = 1 1\nElementType = MET_FANCY\nElementDataFile = LOCAL\n",
                new byte[8]);
        assertThatThrownBy(() -> ImageFiles.read(q)).hasMessageContaining("unsupported ElementType 'MET_FANCY'");
    }
}
