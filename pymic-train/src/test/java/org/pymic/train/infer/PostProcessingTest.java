package org.pymic.train.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pymic.core.config.Config;
import org.pymic.core.image.Volume;

class PostProcessingTest {

    /**
     * Hand-made 5 x 6 map: a heart-like blob of classes 1 and 2 touching each other (left), a small
     * detached island of class 1 (top right) and class 3 found only in a blob apart from the main one
     * (bottom right), with a one-voxel class-3 speck touching the main blob.
     */
    private static final float[] MAP = {
        1, 1, 2, 0, 0, 1,
        1, 1, 2, 0, 0, 0,
        1, 1, 2, 3, 0, 0,
        0, 0, 0, 0, 3, 3,
        0, 0, 0, 0, 3, 3};

    private static float[] post(int mode, List<Integer> classes) {
        return new KeepLargestComponent(mode, classes).apply(Volume.of(MAP, 1, 1, 5, 6)).data();
    }

    @Test
    void modeOneKeepsTheForegroundUnionsLargestComponentAndCanDeleteAClass() {
        // union components: {1,2 blob + speck 3} = 10 voxels, island 1 voxel, the class-3 blob 4 voxels
        assertThat(post(1, null)).containsExactly(
                1, 1, 2, 0, 0, 0,
                1, 1, 2, 0, 0, 0,
                1, 1, 2, 3, 0, 0,
                0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0);
        float[] noThree = new KeepLargestComponent().apply(Volume.of(new float[] {
            1, 1, 0, 3,
            1, 1, 0, 0}, 1, 1, 2, 4)).data();
        assertThat(noThree).as("class 3 only outside the union's largest component: deleted")
                .containsExactly(1, 1, 0, 0, 1, 1, 0, 0);
    }

    @Test
    void modeTwoKeepsEachClassesLargestComponent() {
        assertThat(post(2, null)).containsExactly(
                1, 1, 2, 0, 0, 0,
                1, 1, 2, 0, 0, 0,
                1, 1, 2, 0, 0, 0,
                0, 0, 0, 0, 3, 3,
                0, 0, 0, 0, 3, 3);
        float[] only2 = post(2, List.of(2));
        assertThat(only2[5]).as("unlisted class 1 keeps its island").isEqualTo(1f);
        assertThat(only2[15]).as("unlisted class 3 keeps its speck").isEqualTo(3f);
    }

    @Test
    void modeThreePrefersComponentsInsideTheUnionAndNeverDeletesAClass() {
        // class 3: the speck lies inside the union's largest component, so it wins over the larger blob
        assertThat(post(3, null)).containsExactly(
                1, 1, 2, 0, 0, 0,
                1, 1, 2, 0, 0, 0,
                1, 1, 2, 3, 0, 0,
                0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0);
        float[] in = {
            1, 1, 0, 3, 3,
            1, 1, 0, 0, 0,
            0, 0, 0, 0, 3};
        float[] out = new KeepLargestComponent(3, null).apply(Volume.of(in, 1, 1, 3, 5)).data();
        assertThat(out).as("class 3 has no component in the union's largest: its own largest is kept")
                .containsExactly(
                        1, 1, 0, 3, 3,
                        1, 1, 0, 0, 0,
                        0, 0, 0, 0, 0);
        assertThat(new KeepLargestComponent(1, null).apply(Volume.of(in, 1, 1, 3, 5)).data())
                .as("mode 1 deletes class 3 from the same map").doesNotContain(3f);
    }

    @Test
    void modeIsDeclaredWithPymicsDefaultAndOtherValuesAreRefused() {
        org.pymic.core.registry.ComponentSpec spec = org.pymic.core.registry.Registry.global()
                .require(org.pymic.core.registry.ComponentKind.POSTPROCESS, "KeepLargestComponent");
        PostProcessor dflt = spec.create(org.pymic.core.registry.Params.resolve(spec, java.util.Map.of()));
        assertThat(dflt.apply(Volume.of(MAP, 1, 1, 5, 6)).data()).containsExactly(post(1, null));
        PostProcessor two = spec.create(org.pymic.core.registry.Params.resolve(spec,
                java.util.Map.of("keeplargestcomponent_mode", 2)));
        assertThat(two.apply(Volume.of(MAP, 1, 1, 5, 6)).data()).containsExactly(post(2, null));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new KeepLargestComponent(4, null))
                .hasMessageContaining("KeepLargestComponent_mode").hasMessageContaining("got 4");
    }

    @Test
    void labelRemappingAndOutputNamesFollowTestingKeys() {
        Config c = new Config("t.cfg");
        c.withOverride("testing.label_source=[0, 1, 2]");
        c.withOverride("testing.label_target=[0, 255, 100]");
        c.withOverride("testing.filename_replace_source=_img");
        c.withOverride("testing.filename_replace_target=_seg");
        Volume v = Predictor.remap(Volume.of(new float[] {0, 1, 2, 1}, 1, 1, 1, 4), c.section("testing"));
        assertThat(v.data()).containsExactly(0, 255, 100, 255);
        assertThat(Predictor.outputName(java.nio.file.Path.of("a/b/case1_img.nii.gz"), c.section("testing")))
                .isEqualTo("case1_seg.nii.gz");
    }

    @Test
    void softmaxAndArgmaxPerVoxel() {
        float[] logits = {0, 2, 1, 0}; // 2 classes x 2 voxels
        float[] p = Prediction.softmax(logits, 2);
        assertThat(p[0]).isCloseTo((float) (1 / (1 + Math.E)), org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(p[0] + p[2]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(Prediction.argmax(p, 2)).containsExactly(1, 0);
    }
}
