package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;

/** The method a config selects, by supervise_type and its section's method_name. */
class TrainingRunMethodTest {
    @TempDir
    Path dir;

    private Config config(String superviseType, String section, String method) throws Exception {
        Path f = dir.resolve("m.cfg");
        Files.writeString(f, "[dataset]\nsupervise_type = " + superviseType + "\n[training]\niter_max = 10\n"
                + "[" + section + "]\nmethod_name = " + method + "\n");
        return Config.load(f);
    }

    @Test
    void entropyMinimizationIsTheWeaklySupervisedOneUnderWeakSup() throws Exception {
        assertThat(TrainingRun.method(config("weak_sup", "weakly_supervised_learning", "EntropyMinimization"))
                .method().name()).isEqualTo("WSLEntropyMinimization");
        assertThat(TrainingRun.method(config("semi_sup", "semi_supervised_learning", "EntropyMinimization"))
                .method().name()).isEqualTo("EntropyMinimization");
    }

    @Test
    void aMethodSectionWithoutSuperviseTypeSelectsItsMethod() throws Exception {
        // PyMIC's own ACDC EM config: no supervise_type, the method named by ssl_method
        Path f = dir.resolve("em.cfg");
        Files.writeString(f, "[dataset]\ntask_type = seg\n[training]\niter_max = 10\n"
                + "[semi_supervised_learning]\nssl_method = EntropyMinimization\nregularize_w = 0.1\n");
        assertThat(TrainingRun.method(Config.load(f)).method().name()).isEqualTo("EntropyMinimization");
        Files.writeString(f, "[dataset]\ntask_type = seg\n[training]\niter_max = 10\n");
        assertThat(TrainingRun.method(Config.load(f)).method().name()).isEqualTo("FullySupervised");
    }
}
