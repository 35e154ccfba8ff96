package org.pymic.train.infer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pymic.core.config.Config;
import org.pymic.io.synth.SyntheticDataset;
import org.pymic.train.SegmentationTrainer;
import org.pymic.train.TrainingRun;

/**
 * The tiny trained model the inference tests start from: synthetic 2D cases of 32 x 32 under
 * {@code work/data}, a config {@code work/run.cfg} (a 4-class UNet2D of 2..32 features, CE, Adam, test
 * transform padded to 48 x 48 and inverted, checkpoints in {@code work/ckpt}, outputs in {@code work/out})
 * with each test's changes written into the file, and its training.
 */
final class TinyModel {
    private static final String BASE = """
            [dataset]
            train_dir = %1$s
            train_csv = %1$s/train.csv
            test_csv = %1$s/train.csv
            train_batch_size = 2
            train_transform = [NormalizeWithMeanStd, LabelToProbability]
            test_transform  = [NormalizeWithMeanStd, Pad]
            Pad_output_size = [1, 48, 48]
            Pad_inverse = True

            [network]
            net_type = UNet2D
            class_num = 4
            in_chns = 1
            feature_chns = [2, 4, 8, 16, 32]
            dropout = [0, 0, 0, 0, 0]

            [training]
            loss_type = CrossEntropyLoss
            optimizer = Adam
            learning_rate = 0.01
            iter_max = 4
            iter_valid = 4
            ckpt_save_dir = %2$s/ckpt

            [testing]
            ckpt_mode = 0
            output_dir = %2$s/out
            """;

    private TinyModel() {
    }

    /**
     * Writes {@code cases} synthetic cases (seed {@code seed}) and the config with {@code changes}
     * ({@code section.key=value}: the key's line replaced, or added at the end of its section), trains it and
     * returns the config file.
     */
    static Path train(Path work, int cases, long seed, String... changes) {
        Path data = work.resolve("data");
        SyntheticDataset.write(data, SyntheticDataset.Options.defaults().cases(cases).size(32).dim(2).seed(seed));
        Path file = work.resolve("run.cfg");
        try {
            Files.writeString(file, ini(BASE.formatted(data.toAbsolutePath(), work), changes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (SegmentationTrainer t = TrainingRun.trainer(Config.load(file), false)) {
            t.train();
        }
        return file;
    }

    /** {@code ini} with each {@code section.key=value} change made in its text. */
    static String ini(String ini, String... changes) {
        List<String> lines = new ArrayList<>(List.of(ini.split("\n", -1)));
        for (String change : changes) {
            int dot = change.indexOf('.');
            int eq = change.indexOf('=');
            String section = change.substring(0, dot);
            String key = change.substring(dot + 1, eq).trim();
            String line = key + " = " + change.substring(eq + 1).trim();
            int start = lines.indexOf("[" + section + "]");
            if (start < 0) {
                throw new IllegalArgumentException("no section [" + section + "] for " + change);
            }
            int end = start + 1;
            int at = -1;
            while (end < lines.size() && !lines.get(end).startsWith("[")) {
                String l = lines.get(end);
                if (l.startsWith(key + " ") || l.startsWith(key + "=")) {
                    at = end;
                }
                end++;
            }
            if (at >= 0) {
                lines.set(at, line);
            } else {
                int last = end;
                while (last > start + 1 && lines.get(last - 1).isBlank()) {
                    last--;
                }
                lines.add(last, line);
            }
        }
        return String.join("\n", lines);
    }
}
