package org.pymic.cli;

import java.io.PrintWriter;
import java.util.List;
import org.pymic.core.config.CheckReport;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigChecker;
import org.pymic.core.config.ConfigProblem;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.Registry;

/** Runs the config checker before a long command, so every problem is reported at once, up front. */
final class CheckedConfig {
    private CheckedConfig() {
    }

    /** Prints warnings and errors to {@code err}; throws with the first error's exit code when there is one. */
    static Config require(Config cfg, PrintWriter err) {
        List<ConfigProblem> problems = ConfigChecker.check(cfg, Registry.global());
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
