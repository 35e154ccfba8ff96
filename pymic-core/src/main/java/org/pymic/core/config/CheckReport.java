package org.pymic.core.config;

import java.util.List;
import org.pymic.core.error.ExitCode;

/**
 * The outcome of checking one config file: the config (null when it could not be parsed) and its
 * problems. {@link #exitCode()} maps the outcome to the CLI's exit codes: a config error (3) takes
 * precedence over "not implemented" (6).
 */
public record CheckReport(Config config, List<ConfigProblem> problems) {

    public CheckReport {
        problems = List.copyOf(problems);
    }

    public List<ConfigProblem> errors() {
        return problems.stream().filter(ConfigProblem::isError).toList();
    }

    public List<ConfigProblem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    public boolean valid() {
        return errors().isEmpty();
    }

    /** OK, CONFIG when any error other than NOT_IMPLEMENTED, else NOT_IMPLEMENTED. */
    public ExitCode exitCode() {
        List<ConfigProblem> errors = errors();
        if (errors.isEmpty()) {
            return ExitCode.OK;
        }
        return errors.stream().allMatch(p -> p.code() == ProblemCode.NOT_IMPLEMENTED) ? ExitCode.NOT_IMPLEMENTED
                : ExitCode.CONFIG;
    }
}
