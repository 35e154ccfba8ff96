package org.pymic.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pymic.core.config.ConfigEntry;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.config.ConfigValues;
import org.pymic.core.error.PymicException;

class OptimizersTest {

    private static ConfigSection training(String... keyValues) {
        ConfigSection s = new ConfigSection("training", "net.cfg", 10);
        for (int i = 0; i < keyValues.length; i += 2) {
            s.put(new ConfigEntry(keyValues[i], ConfigValues.parse(keyValues[i + 1]), keyValues[i + 1], "net.cfg",
                    11 + i / 2));
        }
        return s;
    }

    @Test
    void buildsOptimisersByPymicName() {
        assertThat(Optimizers.fromConfig(training("optimizer", "Adam", "learning_rate", "1e-3")).name())
                .isEqualTo("Adam");
        assertThat(Optimizers.fromConfig(training("optimizer", "adamw", "weight_decay", "0.01")).name())
                .isEqualTo("AdamW");
        assertThat(Optimizers.fromConfig(training("optimizer", "SGD", "momentum", "0.9")).name()).isEqualTo("SGD");
        assertThat(Optimizers.fromConfig(training("learning_rate", "1e-3")).name()).isEqualTo("Adam");
    }

    @Test
    void unknownOptimizerNamesTheLine() {
        assertThatThrownBy(() -> Optimizers.fromConfig(training("optimizer", "Adamm")))
                .isInstanceOf(PymicException.class).hasMessageContaining("net.cfg:11").hasMessageContaining("Adam");
    }

    @Test
    void schedulerFromKeys() {
        LrScheduler s = Optimizers.schedulerFromConfig(training("learning_rate", "0.01", "iter_valid", "100",
                "lr_scheduler", "MultiStepLR", "lr_milestones", "[200, 400]", "lr_gamma", "0.5"));
        assertThat(s).isInstanceOf(MultiStepLR.class);
        assertThat(s.lr(250)).isEqualTo(0.005);
    }

    @Test
    void noSchedulerMeansConstantRate() {
        LrScheduler s = Optimizers.schedulerFromConfig(training("learning_rate", "0.01", "lr_scheduler", "None"));
        assertThat(s.lr(0)).isEqualTo(0.01);
        assertThat(s.lr(100000)).isEqualTo(0.01);
    }

    @Test
    void learningRateTakesTheDocumentedDefaultWithOrWithoutSchedule() {
        // a misspelled key leaves learning_rate unset: the run uses the default the config reference gives
        assertThat(Optimizers.schedulerFromConfig(training("learnig_rate", "0.01")).lr(0)).isEqualTo(1e-3);
        LrScheduler s = Optimizers.schedulerFromConfig(training("iter_valid", "100", "lr_scheduler", "StepLR",
                "lr_step", "200", "lr_gamma", "0.5"));
        assertThat(s.lr(0)).isEqualTo(1e-3);
        assertThat(s.lr(250)).isEqualTo(5e-4);
    }

    @Test
    void missingRequiredSchedulerKey() {
        assertThatThrownBy(() -> Optimizers.schedulerFromConfig(training("learning_rate", "0.01", "iter_valid", "100",
                "lr_scheduler", "StepLR", "lr_gamma", "0.5")))
                .isInstanceOf(PymicException.class).hasMessageContaining("lr_step");
    }
}
