package org.pymic.io.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pymic.core.image.Volume;

/** Write-then-read of NIfTI files, header preservation, and nibabel reading what we wrote. */
class NiftiRoundTripTest {
    @TempDir
    Path tmp;

    static java.util.stream.Stream<String> names() throws Exception {
        return NiftiFixturesTest.names();
    }

    @ParameterizedTest
    @MethodSource("names")
    void fixtureSurvivesWriteAndRead(String name) throws Exception {
        Volume a = ImageFiles.read(NiftiFixturesTest.dir().resolve(name));
        NiftiHeader ha = (NiftiHeader) a.header();
        Path out = tmp.resolve(name.endsWith(".gz") ? "out.nii" : "out.nii.gz");
        ImageFiles.write(a, out);
        Volume b = ImageFiles.read(out);
        NiftiHeader hb = (NiftiHeader) b.header();
        assertThat(b.shape()).containsExactly(a.shape());
        assertThat(b.data()).containsExactly(a.data());
        assertThat(hb.version()).isEqualTo(ha.version());
        assertThat(hb.byteOrder()).isEqualTo(ha.byteOrder());
        assertThat(hb.shape()).containsExactly(ha.shape());
        assertThat(hb.datatype()).isEqualTo(ha.datatype());
        assertThat(hb.qformCode()).isEqualTo(ha.qformCode());
        assertThat(hb.sformCode()).isEqualTo(ha.sformCode());
        assertThat(hb.pixdim()).containsExactly(ha.pixdim());
        assertThat(hb.quaternion()).containsExactly(ha.quaternion());
        assertThat(hb.sform()).containsExactly(ha.sform());
        assertThat(hb.xyztUnits()).isEqualTo(ha.xyztUnits());
        assertThat(hb.intentCode()).isEqualTo(ha.intentCode());
        assertThat(hb.descrip()).isEqualTo(ha.descrip());
        assertThat(hb.extensions).containsExactly(ha.extensions);
        assertThat(hb.bestAffine()).containsExactly(ha.bestAffine());
    }

    @Test
    void labelWrittenAsUint8KeepsHeaderAndRounds() throws Exception {
        Volume a = ImageFiles.read(NiftiFixturesTest.dir().resolve("scaled_int16.nii"));
        float[] lab = new float[a.data().length];
        for (int i = 0; i < lab.length; i++) {
            lab[i] = i % 4 + (i % 2 == 0 ? 0.3f : -0.2f);
        }
        Path out = tmp.resolve("label.nii.gz");
        ImageFiles.write(a.withData(lab, 1), out, "uint8");
        Volume b = ImageFiles.read(out);
        NiftiHeader h = (NiftiHeader) b.header();
        assertThat(h.dataType()).isEqualTo(DataType.UINT8);
        assertThat(h.isScaled()).isFalse();
        assertThat(h.sformCode()).isEqualTo(1);
        for (int i = 0; i < lab.length; i++) {
            assertThat(b.data()[i]).isEqualTo(Math.round(lab[i]));
        }
        assertThat(h.bestAffine()).containsExactly(((NiftiHeader) a.header()).bestAffine());
    }

    @Test
    void scaledIntegerKeepsScaling() throws Exception {
        Volume a = ImageFiles.read(NiftiFixturesTest.dir().resolve("scaled_int16.nii"));
        Path out = tmp.resolve("scaled.nii");
        ImageFiles.write(a, out);
        NiftiHeader h = NiftiReader.readHeader(out);
        assertThat(h.sclSlope()).isEqualTo(2.5);
        assertThat(h.sclInter()).isEqualTo(-3.0);
        assertThat(ImageFiles.read(out).data()).containsExactly(a.data());
    }

    @Test
    void changedGeometryRewritesTransforms() {
        Volume v = synthetic();
        Path out = tmp.resolve("fresh.nii");
        ImageFiles.write(v, out, "float32");
        Volume b = ImageFiles.read(out);
        NiftiFixturesTest.assertClose(b.spacing(), v.spacing(), "spacing");
        NiftiFixturesTest.assertClose(b.origin(), v.origin(), "origin");
        NiftiFixturesTest.assertClose(b.direction(), v.direction(), "direction");
        NiftiHeader h = (NiftiHeader) b.header();
        assertThat(h.qformCode()).isEqualTo(1);
        assertThat(h.sformCode()).isEqualTo(1);
        // the qform alone (quaternion maths) gives the same geometry as the sform
        double[] q = h.qform();
        double[] s = h.sform();
        for (int i = 0; i < 12; i++) {
            assertThat(q[i]).isCloseTo(s[i], org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void nibabelReadsWhatWeWrite() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeThat(Files.isExecutable(python)).as("/usr/bin/python3 available").isTrue();
        Process check = new ProcessBuilder(python.toString(), "-c", "import nibabel").redirectErrorStream(true).start();
        assumeThat(check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0).as("nibabel importable").isTrue();
        Volume v = synthetic();
        Path out = tmp.resolve("for_nibabel.nii.gz");
        ImageFiles.write(v, out, "int16");
        String script = "import sys, json, nibabel as nib\n"
                + "img = nib.load(sys.argv[1]); d = img.get_fdata()\n"
                + "print(json.dumps({'shape': list(img.shape), 'affine': img.affine.tolist(), 'dtype': "
                + "img.get_data_dtype().name, 'values': [float(x) for x in d.ravel(order='F')]}))\n";
        Process p = new ProcessBuilder(python.toString(), "-c", script, out.toString()).start();
        String stdout = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes())).isZero();
        JsonNode e = new ObjectMapper().readTree(stdout);
        assertThat(e.get("dtype").asText()).isEqualTo("int16");
        assertThat(NiftiFixturesTest.longs(e.get("shape"))).containsExactly(5, 4, 3);
        double[] want = Affines.fromGeometry(v.spacing(), v.origin(), v.direction());
        for (int i = 0; i < 4; i++) {
            NiftiFixturesTest.assertClose(NiftiFixturesTest.doubles(e.get("affine").get(i)),
                    java.util.Arrays.copyOfRange(want, 4 * i, 4 * i + 4), "affine row " + i);
        }
        double[] values = NiftiFixturesTest.doubles(e.get("values"));
        for (int i = 0; i < values.length; i++) {
            assertThat(values[i]).isEqualTo(Math.rint(v.data()[i]));
        }
    }

    /** A 5x4x3 volume with oblique geometry (rotation about z by 0.4 rad) and seeded values. */
    static Volume synthetic() {
        Random r = new Random(3);
        float[] data = new float[60];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextGaussian() * 50);
        }
        double c = Math.cos(0.4);
        double s = Math.sin(0.4);
        return new Volume(data, 1, 3, 4, 5, new double[] {0.5, 0.75, 2.0}, new double[] {-12.5, 3.0, 7.25},
                new double[] {c, -s, 0, s, c, 0, 0, 0, 1}, null);
    }
}
