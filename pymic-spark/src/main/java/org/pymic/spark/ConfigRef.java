package org.pymic.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import org.pymic.core.config.Config;

/**
 * A config as the executors rebuild it: the file (read by every executor, so on a path they all see) and
 * the {@code --set} overrides in order.
 */
record ConfigRef(String file, List<String> overrides) implements Serializable {
    ConfigRef {
        overrides = List.copyOf(overrides);
    }

    static ConfigRef of(Path file, List<String> overrides) {
        return new ConfigRef(file.toAbsolutePath().normalize().toString(), overrides);
    }

    Config load() {
        Config c = Config.load(Path.of(file));
        for (String o : overrides) {
            c.withOverride(o);
        }
        return c;
    }

    /** The key of the executor's cached segmenter. */
    String key() {
        return file + "\u0000" + String.join("\u0000", overrides);
    }
}
