package org.pymic.io.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pymic.core.image.Volume;

/** Every fixture of src/test/resources/nifti against nibabel's expected.json (make_fixtures.py). */
class NiftiFixturesTest {
    static final double REL = 1e-6;

    static Path dir() throws Exception {
        return Path.of(NiftiFixturesTest.class.getResource("/nifti/expected.json").toURI()).getParent();
    }

    static JsonNode expected() throws Exception {
        return new ObjectMapper().readTree(dir().resolve("expected.json").toFile());
    }

    static Stream<String> names() throws Exception {
        List<String> names = new ArrayList<>();
        expected().fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    @Test
    void everyFixtureIsListed() throws Exception {
        try (Stream<Path> files = Files.list(dir())) {
            long n = files.filter(p -> p.toString().endsWith(".nii") || p.toString().endsWith(".nii.gz")).count();
            assertThat(n).isEqualTo(names().count()).isGreaterThanOrEqualTo(25);
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void infoMatchesNibabel(String name) throws Exception {
        JsonNode e = expected().get(name);
        ImageInfo info = ImageInfo.of(dir().resolve(name));
        assertThat(info.shape()).containsExactly(longs(e.get("shape")));
        assertClose(info.spacing(), doubles(e.get("spacing")), name + " spacing");
        assertThat(info.dtype()).isEqualTo(e.get("dtype").asText());
        for (int i = 0; i < 4; i++) {
            assertClose(info.affine()[i], doubles(e.get("affine").get(i)), name + " affine row " + i);
        }
        assertClose(new double[] {info.min(), info.max(), info.mean()},
                new double[] {e.get("min").asDouble(), e.get("max").asDouble(), e.get("mean").asDouble()}, name);
        JsonNode json = new ObjectMapper().readTree(info.toJson());
        assertThat(json.fieldNames()).toIterable()
                .containsExactly("shape", "spacing", "affine", "dtype", "min", "max", "mean");
    }

    @ParameterizedTest
    @MethodSource("names")
    void volumeMatchesNibabel(String name) throws Exception {
        JsonNode e = expected().get(name);
        Volume v = ImageFiles.read(dir().resolve(name));
        long[] shape = longs(e.get("shape"));
        assertThat(v.width()).isEqualTo(shape[0]);
        assertThat(v.height()).isEqualTo(shape[1]);
        assertThat(v.depth()).isEqualTo(shape.length > 2 ? shape[2] : 1);
        long c = 1;
        for (int i = 3; i < shape.length; i++) {
            c *= shape[i];
        }
        assertThat(v.channels()).isEqualTo(c);
        double[] want = doubles(e.get("values"));
        double[] got = new double[v.data().length];
        for (int i = 0; i < got.length; i++) {
            got[i] = v.data()[i];
        }
        assertClose(got, want, name + " values");
        double[] aff = Affines.fromGeometry(v.spacing(), v.origin(), v.direction());
        for (int i = 0; i < 3; i++) {
            assertClose(java.util.Arrays.copyOfRange(aff, 4 * i, 4 * i + 4), doubles(e.get("affine").get(i)),
                    name + " geometry row " + i);
        }
        NiftiHeader h = (NiftiHeader) v.header();
        assertThat(h.qformCode()).isEqualTo(e.get("qform_code").asInt());
        assertThat(h.sformCode()).isEqualTo(e.get("sform_code").asInt());
    }

    static void assertClose(double[] got, double[] want, String what) {
        assertThat(got).as(what).hasSameSizeAs(want);
        for (int i = 0; i < want.length; i++) {
            double tol = REL * Math.max(1, Math.abs(want[i]));
            assertThat(got[i]).as(what + "[" + i + "]").isCloseTo(want[i], org.assertj.core.data.Offset.offset(tol));
        }
    }

    static double[] doubles(JsonNode a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).asDouble();
        }
        return d;
    }

    static long[] longs(JsonNode a) {
        long[] d = new long[a.size()];
        Iterator<JsonNode> it = a.elements();
        for (int i = 0; it.hasNext(); i++) {
            d[i] = it.next().asLong();
        }
        return d;
    }
}
