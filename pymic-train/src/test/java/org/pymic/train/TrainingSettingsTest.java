package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;

class TrainingSettingsTest {
    @TempDir
    Path dir;

    private Config config(String training) throws Exception {
        Path f = dir.resolve("t.cfg");
        Files.writeString(f, "[training]\n" + training);
        return Config.load(f);
    }

    @Test
    void newNameWinsInTheFileAndEitherNameCanBeOverridden() throws Exception {
        String both = "ckpt_save_dir = model/a/\nckpt_dir = model/b\n";
        assertThat(TrainingSettings.checkpointDir(config(both).section("training"))).isEqualTo(Path.of("model/a"));
        assertThat(TrainingSettings.checkpointDir(config(both).withOverride("training.ckpt_dir=elsewhere")
                .section("training"))).isEqualTo(Path.of("elsewhere"));
        assertThat(TrainingSettings.checkpointDir(config(both).withOverride("training.ckpt_save_dir=c")
                .section("training"))).isEqualTo(Path.of("c"));
        assertThat(TrainingSettings.checkpointDir(config("ckpt_save_dir = a\n").withOverride("training.ckpt_dir=d")
                .section("training"))).isEqualTo(Path.of("d"));
        assertThat(TrainingSettings.checkpointDir(config("iter_max = 1\n").section("training"))).isNull();
    }

    @Test
    void deterministicFalseDrawsAFreshSeedAndTrueUsesRandomSeed() throws Exception {
        assertThat(TrainingSettings.from(config("iter_max = 1\nckpt_dir = m\nrandom_seed = 7\n").section("training"))
                .seed()).isEqualTo(7);
        java.util.Set<Long> seeds = new java.util.HashSet<>();
        for (int i = 0; i < 4; i++) {
            seeds.add(TrainingSettings.from(config("iter_max = 1\nckpt_dir = m\nrandom_seed = 7\ndeterministic = False\n")
                    .section("training")).seed());
        }
        assertThat(seeds).hasSizeGreaterThan(1);
    }
}
