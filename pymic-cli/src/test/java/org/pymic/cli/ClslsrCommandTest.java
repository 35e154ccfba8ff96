package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.image.Volume;
import org.pymic.io.image.ImageFiles;
import org.pymic.io.synth.SyntheticDataset;

/** CL-SLSR's two stages from the command line: confident learning with a trained model, then SLSRLoss. */
class ClslsrCommandTest {
    @TempDir
    Path work;

    @Test
    void flagsPixelsWritesTheWeightedListAndTrainsWithSlsr() throws Exception {
        Path data = work.resolve("data");
        SyntheticDataset.write(data, SyntheticDataset.Options.defaults().cases(6).size(32).dim(2).seed(2)
                .noisyFraction(1.0));
        String ini = """
                [dataset]
                train_dir = %1$s
                train_csv = %1$s/train_noisy.csv
                valid_csv = %1$s/valid.csv
                test_csv = %1$s/test.csv
                train_batch_size = 2
                num_worker = 0
                train_transform = [NormalizeWithMeanStd, LabelToProbability]
                valid_transform = [NormalizeWithMeanStd, LabelToProbability]
                test_transform = [NormalizeWithMeanStd]

                [network]
                net_type = UNet2D
                class_num = 4
                feature_chns = [4, 8, 16, 32, 64]
                dropout = [0, 0, 0, 0, 0]

                [training]
                loss_type = CrossEntropyLoss
                learning_rate = 0.01
                iter_max = 30
                iter_valid = 30
                ckpt_dir = %2$s/ckpt

                [testing]
                ckpt_mode = 0
                output_dir = %2$s/out
                """.formatted(data.toAbsolutePath(), work.toAbsolutePath());
        Path cfg = work.resolve("ce.cfg");
        Files.writeString(cfg, ini);
        CliRun train = CliRun.of("train", cfg.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        CliRun cl = CliRun.of("clslsr", cfg.toString());
        assertThat(cl.exitCode()).as(cl.err()).isZero();
        Matcher m = Pattern.compile("on (\\d+) cases, (\\d+) pixels: (\\d+) flagged").matcher(cl.out());
        assertThat(m.find()).as(cl.out()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(4);
        long flagged = Long.parseLong(m.group(3));
        assertThat(flagged).isPositive().isLessThan(Long.parseLong(m.group(2)) / 2);
        List<String> list = Files.readAllLines(data.resolve("train_noisy_clslsr.csv"));
        assertThat(list).hasSize(5);
        assertThat(list.get(0)).isEqualTo("image,pixel_weight,label");
        long inMaps = 0;
        long wrongAndFlagged = 0;
        long wrong = 0;
        long total = 0;
        for (String row : list.subList(1, list.size())) {
            String[] c = row.split(",");
            assertThat(c[1]).startsWith("slsr_conf/");
            Volume w = ImageFiles.read(data.resolve(c[1]));
            Volume noisy = ImageFiles.read(data.resolve(c[2]));
            Volume clean = ImageFiles.read(data.resolve(c[2].replace("noisy/", "labels/")));
            for (int i = 0; i < w.voxels(); i++) {
                assertThat(w.data()[i]).isIn(0f, 255f);
                boolean f = w.data()[i] > 0;
                boolean bad = noisy.data()[i] != clean.data()[i];
                inMaps += f ? 1 : 0;
                wrong += bad ? 1 : 0;
                wrongAndFlagged += f && bad ? 1 : 0;
                total++;
            }
        }
        assertThat(inMaps).isEqualTo(flagged);
        System.out.printf("clslsr: %d flagged, %d of them wrong labels; %d wrong of %d%n", flagged, wrongAndFlagged,
                wrong, total);
        // flagged pixels are wrong labels more often than pixels at large
        assertThat((double) wrongAndFlagged / flagged).isGreaterThan((double) wrong / total);
        // stage 2: SLSRLoss on the new list trains
        Path cfg2 = work.resolve("slsr.cfg");
        Files.writeString(cfg2, ini.replace("train_noisy.csv", "train_noisy_clslsr.csv")
                .replace("loss_type = CrossEntropyLoss", "loss_type = SLSRLoss").replace("/ckpt", "/ckpt2")
                .replace("iter_max = 30", "iter_max = 4").replace("iter_valid = 30", "iter_valid = 4"));
        CliRun slsr = CliRun.of("train", cfg2.toString());
        assertThat(slsr.exitCode()).as(slsr.err()).isZero();
    }
}
