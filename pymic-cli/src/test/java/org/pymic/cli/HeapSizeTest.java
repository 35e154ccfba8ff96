package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.image.Volume;
import org.pymic.io.image.ImageFiles;
import org.pymic.train.MemoryPlan;

/** The launcher's heap for a command line: a plan for train, infer and bench, none for the rest. */
class HeapSizeTest {

    /** Three cases of 16 x 256 x 256 (4 MB image + 4 MB label decoded), the cache limited to 64 MB or not. */
    private static Path config(Path work, int cacheMb) throws IOException {
        Files.createDirectories(work.resolve("img"));
        StringBuilder csv = new StringBuilder("image,label\n");
        for (int i = 0; i < 3; i++) {
            Volume v = Volume.of(new float[16 * 256 * 256], 1, 16, 256, 256);
            ImageFiles.write(v, work.resolve("img/c" + i + ".nii.gz"), "uint8");
            csv.append("img/c").append(i).append(".nii.gz,img/c").append(i).append(".nii.gz\n");
        }
        Files.writeString(work.resolve("list.csv"), csv);
        Path cfg = work.resolve("h.cfg");
        Files.writeString(cfg, """
                [dataset]
                task_type = seg
                train_dir = %s
                train_csv = list.csv
                test_csv = list.csv
                num_worker = 0
                cache_mb = %d
                train_transform = [LabelToProbability]
                test_transform = [NormalizeWithMeanStd]
                [network]
                net_type = UNet2D
                class_num = 2
                in_chns = 1
                feature_chns = [4, 8, 16, 32, 64]
                dropout = [0, 0, 0, 0, 0]
                [training]
                loss_type = CrossEntropyLoss
                optimizer = Adam
                learning_rate = 1e-3
                ckpt_dir = %s
                iter_max = 2
                [testing]
                output_dir = %s
                """.formatted(work, cacheMb, work.resolve("ckpt"), work.resolve("out")));
        return cfg;
    }

    @Test
    void trainAndBenchTrainGetTheTrainingPlan(@TempDir Path work) throws IOException {
        String cfg = config(work, 1024).toString();
        MemoryPlan p = HeapSize.plan("train", cfg);
        // cache 3 x 8 MB = 24 MB, no validation, work (0 + 2) x 4 x 8 MB = 64, predict (2 x 2 + 4) x 4 MB = 32
        assertThat(p.parts()).containsEntry("cache", 24L).containsEntry("valid", 0L).containsEntry("work", 64L)
                .containsEntry("predict", 32L);
        assertThat(HeapSize.plan("bench", "train", cfg, "--iters", "3").parts()).isEqualTo(p.parts());
        // --set reaches the plan as it reaches the command
        assertThat(HeapSize.plan("train", cfg, "--set", "dataset.cache_mb=10").parts()).containsEntry("cache", 10L);
    }

    @Test
    void inferAndBenchInferGetTheInferencePlan(@TempDir Path work) throws IOException {
        String cfg = config(work, 0).toString();
        MemoryPlan p = HeapSize.plan("infer", cfg);
        assertThat(p.parts()).containsEntry("work", 32L).containsEntry("predict", 32L);
        assertThat(HeapSize.plan("bench", "infer", cfg).parts()).isEqualTo(p.parts());
    }

    @Test
    void otherCommandsAndHelpGetNoPlan(@TempDir Path work) throws IOException {
        String cfg = config(work, 0).toString();
        assertThat(HeapSize.plan("check", cfg)).isNull();
        assertThat(HeapSize.plan("train", "--help")).isNull();
        assertThat(HeapSize.plan("synth", "--out", work.resolve("s").toString())).isNull();
    }
}
