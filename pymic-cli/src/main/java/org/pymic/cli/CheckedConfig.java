package org.pymic.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pymic.core.config.CheckReport;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigChecker;
import org.pymic.core.config.ConfigProblem;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.Registry;
import org.pymic.train.Preflight;

/**
 * Runs the config checker (and the checks of a command's phase) before a long command, so every problem is
 * reported at once, up front.
 */
final class CheckedConfig {
    private CheckedConfig() {
    }

    /** Prints warnings and errors to {@code err}; throws with the first error's exit code when there is one. */
    static Config require(Config cfg, PrintWriter err) {
        return require(cfg, err, Set.of());
    }

    /**
     * As {@link #require(Config, PrintWriter)}, then, for a config without errors, the checks of {@code phases}
     * that {@code pymic check} runs ({@link Preflight}): what the run would refuse is refused before it starts.
     */
    static Config require(Config cfg, PrintWriter err, Set<Preflight.Phase> phases) {
        List<ConfigProblem> problems = new ArrayList<>(ConfigChecker.check(cfg, Registry.global()));
        if (!phases.isEmpty() && problems.stream().noneMatch(ConfigProblem::isError)) {
            problems.addAll(Preflight.check(cfg, phases).problems());
        }
        CheckReport report = new CheckReport(cfg, problems);
        problems.forEach(p -> err.println(p.format()));
        err.flush();
        if (!report.valid()) {
            throw new PymicException(report.exitCode(), cfg.source() + ": " + report.errors().size()
                    + " config error(s), see above");
        }
        return cfg;
    }
}
