package org.pymic.train.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;
import org.pymic.train.Checkpoint;

/** Inference finds the checkpoints where training wrote them, under PyMIC's key spellings. */
class PredictorCheckpointsTest {
    @TempDir
    Path dir;

    private Config config(String trainingKey) throws Exception {
        Path f = dir.resolve("p.cfg");
        Files.writeString(f, "[training]\n" + trainingKey + " = " + dir.resolve("model") + "/\nckpt_prefix = net\n"
                + "[testing]\nckpt_mode = 1\n");
        return Config.load(f);
    }

    @Test
    void bestCheckpointUnderTrainingCkptDirOrCkptSaveDir() throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        Checkpoint.writePointer(model, "net", "best", 300);
        for (String key : new String[] {"ckpt_dir", "ckpt_save_dir"}) {
            assertThat(Predictor.checkpoints(config(key))).containsExactly(Checkpoint.path(model, "net", 300));
        }
    }
}
