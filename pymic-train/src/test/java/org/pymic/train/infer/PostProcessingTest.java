package org.pymic.train.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pymic.core.config.Config;
import org.pymic.core.image.Volume;

class PostProcessingTest {

    @Test
    void keepLargestComponentRemovesSmallerIslandsPerClass() {
        float[] a = {
            1, 1, 0, 0, 1,
            1, 1, 0, 0, 0,
            0, 0, 0, 2, 0,
            2, 0, 0, 2, 0};
        Volume out = new KeepLargestComponent(null).apply(Volume.of(a, 1, 1, 4, 5));
        assertThat(out.data()).containsExactly(
                1, 1, 0, 0, 0,
                1, 1, 0, 0, 0,
                0, 0, 0, 2, 0,
                0, 0, 0, 2, 0);
        Volume only2 = new KeepLargestComponent(List.of(2)).apply(Volume.of(a, 1, 1, 4, 5));
        assertThat(only2.data()[4]).isEqualTo(1f);
        assertThat(only2.data()[15]).isEqualTo(0f);
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
