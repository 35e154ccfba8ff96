package org.pymic.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pymic.core.config.Config;
import picocli.CommandLine.Option;

/** Options of the commands that read a config: --verbose and repeatable --set overrides. */
final class ConfigOptions {
    /** The description of the CONFIG positional of every command that reads a config. */
    static final String CONFIG = "PyMIC config file (INI, or JSON).";

    @Option(names = {"-v", "--verbose"}, description = "Print stack traces and debug messages.")
    boolean verbose;

    @Option(names = "--set", paramLabel = "SECTION.KEY=VALUE",
            description = "Override a config value, typed as in the INI file (repeatable), e.g. --set training.iter_max=100.")
    List<String> overrides = new ArrayList<>();

    /** Loads a config and applies the overrides. */
    Config load(Path file) {
        Config c = Config.load(file);
        for (String o : overrides) {
            c.withOverride(o);
        }
        return c;
    }
}
