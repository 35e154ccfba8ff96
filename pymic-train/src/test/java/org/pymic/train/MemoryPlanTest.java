package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;
import org.pymic.core.image.Volume;
import org.pymic.io.image.ImageFiles;
import org.pymic.io.image.ImageSize;

/** The heap of a run from its config and the decoded sizes of its files, against hand-computed figures. */
class MemoryPlanTest {

    /** Four training cases of 1 MB decoded (image 8x128x128 + label, 4 bytes a value), one validation case. */
    private static Config config(Path work, String extra) throws IOException {
        Files.createDirectories(work.resolve("images"));
        StringBuilder train = new StringBuilder("image,label\n");
        for (int i = 0; i < 5; i++) {
            Volume img = Volume.of(new float[8 * 128 * 128], 1, 8, 128, 128);
            ImageFiles.write(img, work.resolve("images/c" + i + ".nii.gz"));
            ImageFiles.write(img, work.resolve("images/c" + i + "_gt.nii.gz"), "uint8");
            if (i < 4) {
                train.append("images/c").append(i).append(".nii.gz,images/c").append(i).append("_gt.nii.gz\n");
            }
        }
        Files.writeString(work.resolve("train.csv"), train);
        Files.writeString(work.resolve("valid.csv"), "image,label\nimages/c4.nii.gz,images/c4_gt.nii.gz\n");
        Files.writeString(work.resolve("test.csv"), "image,label\nimages/c4.nii.gz,images/c4_gt.nii.gz\n");
        Path f = work.resolve("m.cfg");
        Files.writeString(f, """
                [dataset]
                task_type = seg
                train_dir = %s
                train_csv = train.csv
                valid_csv = valid.csv
                test_csv = test.csv
                train_batch_size = 2
                num_worker = 1
                train_transform = [RandomCrop, LabelToProbability]
                valid_transform = [LabelToProbability]
                test_transform = [NormalizeWithMeanStd]
                RandomCrop_output_size = [4, 64, 64]
                %s
                [network]
                net_type = UNet2D
                class_num = 4
                in_chns = 1
                feature_chns = [4, 8, 16, 32, 64]
                dropout = [0, 0, 0, 0, 0]
                [training]
                loss_type = CrossEntropyLoss
                optimizer = Adam
                learning_rate = 1e-3
                ckpt_dir = %s
                iter_max = 10
                iter_valid = 5
                [testing]
                output_dir = %s
                """.formatted(work, extra, work.resolve("ckpt"), work.resolve("out")));
        return Config.load(f);
    }

    @Test
    void trainingPlanCountsCacheValidationAndWorkingCopies(@TempDir Path work) throws IOException {
        MemoryPlan p = MemoryPlan.training(config(work, ""));
        // cache: 4 cases x 2 x 131072 values x 4 B = 4 MB; valid: 1 MB; work: (1 + 2) x 4 x 1 MB;
        // predict: (2 x 4 + 4) x 0.5 MB
        assertThat(p.parts()).containsExactly(entry("cache", 4L), entry("valid", 1L), entry("work", 12L),
                entry("predict", 6L));
        // 256 + max(2 x 4, 4 + 2 x (1 + 12 + 6)) = 298, rounded up to 320, at least 512
        assertThat(p.heapMb()).isEqualTo(512);
        assertThat(p.xmx()).isEqualTo("-Xmx512m");
    }

    @Test
    void cacheMbBoundsTheCachePart(@TempDir Path work) throws IOException {
        assertThat(MemoryPlan.training(config(work, "cache_mb = 3")).parts().get("cache")).isEqualTo(3L);
        assertThat(MemoryPlan.training(config(work.resolve("b"), "cache_mb = 0")).parts().get("cache")).isEqualTo(0L);
    }

    @Test
    void inferencePlanCountsWorkingCopiesOfTheLargestImage(@TempDir Path work) throws IOException {
        MemoryPlan p = MemoryPlan.inference(config(work, ""));
        // work: (1 + 2) x 4 x 0.5 MB = 6 MB; predict: (2 x 4 + 4) x 0.5 MB = 6 MB
        assertThat(p.parts()).containsEntry("work", 6L).containsEntry("predict", 6L);
        assertThat(p.heapMb()).isEqualTo(512);
    }

    @Test
    void heapFormulaAboveTheMinimum() {
        // ACDC, all 140 training volumes: cache 551, valid 83, work 214, predict 81 -> 256 + max(1102, 1307) = 1563
        assertThat(MemoryPlan.round(256 + Math.max(2 * 551, 551 + 2 * (83 + 214 + 81)))).isEqualTo(1600);
        assertThat(MemoryPlan.round(1)).isEqualTo(MemoryPlan.MIN_MB);
        assertThat(MemoryPlan.mb(1)).isEqualTo(1);
        assertThat(MemoryPlan.mb(1L << 20)).isEqualTo(1);
        assertThat(MemoryPlan.mb((1L << 20) + 1)).isEqualTo(2);
    }

    @Test
    void niftiSizeComesFromTheHeaderAlone(@TempDir Path work) throws IOException {
        Path gz = work.resolve("a.nii.gz");
        Path raw = work.resolve("a.nii");
        float[] data = new float[2 * 3 * 5 * 7];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextFloat();
        }
        Volume v = Volume.of(data, 2, 3, 5, 7);
        ImageFiles.write(v, gz);
        ImageFiles.write(v, raw);
        assertThat(ImageSize.headerValues(gz)).isEqualTo(210);
        assertThat(ImageSize.headerValues(raw)).isEqualTo(210);
        Path png = work.resolve("a.png");
        ImageFiles.write(Volume.of(new float[5 * 7], 1, 1, 5, 7), png);
        assertThat(ImageSize.headerValues(png)).isEqualTo(-1);
        assertThat(ImageSize.values(png)).isEqualTo(35);
        Path junk = work.resolve("junk.nii");
        Files.writeString(junk, "not an image");
        assertThat(ImageSize.headerValues(junk)).isEqualTo(-1);
    }

}
