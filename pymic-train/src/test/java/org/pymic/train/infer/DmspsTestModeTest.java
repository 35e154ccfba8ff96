package org.pymic.train.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.label.Components;
import org.pymic.core.label.ConnectedComponents;
import org.pymic.core.label.Connectivity;
import org.pymic.core.label.Grid;
import org.pymic.io.data.CaseList;
import org.pymic.io.image.ImageFiles;
import org.pymic.net.Networks;
import org.pymic.net.SegNetwork;

/**
 * {@code [testing] dmsps_test_mode = 1} on a dual-branch network: beside each label map the branch-2
 * labels, the uncertainty and the expanded seeds, on the image's grid (the test transform's padding
 * inverted); the branch-2 labels are what the same checkpoint infers with {@code output_mode = second}.
 */
class DmspsTestModeTest {
    @TempDir
    static Path work;

    private static Path file;

    @BeforeAll
    static void trainTinyDualBranchNetwork() {
        file = TinyModel.train(work, 4, 3, "network.net_type=UNet2D_DualBranch", "training.iter_max=6",
                "training.iter_valid=6", "testing.dmsps_test_mode=1", "testing.dmsps_uncertainty_threshold=1.01");
    }

    @Test
    void writesTheBranchLabelsUncertaintyAndSeedsOnTheImagesGrid() {
        Config config = Config.load(file);
        Predictor.run(config);
        Predictor.run(Config.load(file).withOverride("network.output_mode=second").withOverride("testing.dmsps_test_mode=0")
                .withOverride("testing.output_dir=" + work.resolve("second")));
        Predictor.run(Config.load(file).withOverride("testing.dmsps_test_mode=0")
                .withOverride("testing.output_dir=" + work.resolve("plain")));
        CaseList cases = Segmenter.testCases(config);
        assertThat(cases.size()).isGreaterThan(1);
        int seeded = 0;
        for (int i = 0; i < cases.size(); i++) {
            Path image = cases.get(i).images().get(0);
            Volume img = ImageFiles.read(image);
            String name = image.getFileName().toString();
            String stem = name.substring(0, name.length() - ".nii.gz".length());
            Path out = work.resolve("out");
            Volume labels = ImageFiles.read(out.resolve(name));
            Volume aux = ImageFiles.read(out.resolve(stem + "_predaux.nii.gz"));
            Volume unc = ImageFiles.read(out.resolve(stem + "_uncertainty.nii.gz"));
            Volume seeds = ImageFiles.read(out.resolve(stem + "_seeds_expand.nii.gz"));
            for (Volume v : List.of(labels, aux, unc, seeds)) {
                assertThat(v.shape()).isEqualTo(new int[] {1, img.depth(), img.height(), img.width()});
                assertThat(v.spacing()).isEqualTo(img.spacing());
                assertThat(v.origin()).isEqualTo(img.origin());
            }
            assertThat(labels.data()).as("%s: the label map is the one dmsps_test_mode = 0 writes", name)
                    .isEqualTo(ImageFiles.read(work.resolve("plain").resolve(name)).data());
            assertThat(aux.data()).as("%s: branch 2 = output_mode second", name)
                    .isEqualTo(ImageFiles.read(work.resolve("second").resolve(name)).data());
            float[] u = unc.data();
            float min = 1;
            for (float x : u) {
                assertThat(x).isBetween(0f, 1f);
                min = Math.min(min, x);
            }
            System.out.printf("%s: least uncertainty %.4f%n", name, min);
            // every voxel is below the threshold: the seeds are the labels of the branches' mean, less what is
            // outside the largest component of its class in its slice
            float[] s = seeds.data();
            int plane = img.height() * img.width();
            for (int d = 0; d < img.depth(); d++) {
                for (int c = 0; c < 4; c++) {
                    boolean[] mask = new boolean[plane];
                    for (int j = 0; j < plane; j++) {
                        mask[j] = s[d * plane + j] == c;
                        seeded += mask[j] ? 1 : 0;
                    }
                    Components comp = ConnectedComponents.label(mask, Grid.of(1, img.height(), img.width()),
                            Connectivity.FACE);
                    assertThat(comp.count()).as("%s slice %d class %d", name, d, c).isLessThanOrEqualTo(1);
                }
            }
        }
        assertThat(seeded).as("seeds").isPositive();
    }

    @Test
    void aNetworkWithOneDecoderAndAnUnknownModeAreRefusedByKey() {
        SegNetwork single = Networks.create("UNet2D", Map.of("in_chns", 1, "class_num", 2,
                "feature_chns", List.of(2, 4, 8, 16, 32)));
        try (NDManager m = NDManager.newBaseManager()) {
            single.initialize(m, new Shape(1, 1, 16, 16));
            LogitsModel model = NetworkModels.mainAndEveryBranch(single);
            assertThatThrownBy(() -> model.logits(m.zeros(new Shape(1, 1, 16, 16))))
                    .isInstanceOf(PymicException.class).hasMessageContaining("dmsps_test_mode = 1")
                    .hasMessageContaining("UNet2D_DualBranch");
        }
        assertThatThrownBy(() -> Segmenter.open(Config.load(file).withOverride("testing.dmsps_test_mode=2")))
                .isInstanceOf(PymicException.class).hasMessageContaining("dmsps_test_mode = 2");
    }
}
