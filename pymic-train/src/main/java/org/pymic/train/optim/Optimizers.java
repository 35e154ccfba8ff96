package org.pymic.train.optim;

import org.pymic.core.config.ConfigEntry;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;

/**
 * Builds the optimiser and the learning-rate schedule of a {@code [training]} section: keys
 * {@code optimizer} (SGD, Adam, AdamW), {@code learning_rate}, {@code momentum},
 * {@code weight_decay}, {@code betas}, {@code nesterov}, and {@code lr_scheduler} with its keys
 * (None or absent: a constant rate).
 */
public final class Optimizers {
    private Optimizers() {
    }

    public static Optimizer fromConfig(ConfigSection training) {
        return fromConfig(training, Registry.global());
    }

    public static Optimizer fromConfig(ConfigSection training, Registry registry) {
        // unset: the default the config reference gives (so check and train agree)
        String name = training.stringOrDefault("optimizer");
        return create(training, registry, ComponentKind.OPTIMIZER, name, "optimizer");
    }

    /** The schedule of {@code lr_scheduler}, or a constant {@code learning_rate} when it is None. */
    public static LrScheduler schedulerFromConfig(ConfigSection training) {
        return schedulerFromConfig(training, Registry.global());
    }

    public static LrScheduler schedulerFromConfig(ConfigSection training, Registry registry) {
        String name = training.getString("lr_scheduler", null);
        if (name == null) {
            return new FixedLr(training.doubleOrDefault("learning_rate"));
        }
        return create(training, registry, ComponentKind.LR_SCHEDULER, name, "lr_scheduler");
    }

    private static <T> T create(ConfigSection training, Registry registry, ComponentKind kind, String name,
                                String key) {
        try {
            ComponentSpec spec = registry.require(kind, name);
            return spec.create(Params.resolve(spec, training.values()));
        } catch (PymicException e) {
            throw new PymicException(e.exitCode(), where(training, key) + ": [training] " + e.getMessage(), e);
        }
    }

    private static String where(ConfigSection s, String key) {
        return s.entry(key).map(ConfigEntry::location).orElse(s.location());
    }
}
