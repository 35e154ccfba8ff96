package org.pymic.core.config;

import java.util.List;
import org.pymic.core.error.ExitCode;

/**
 * The outcome of checking one config file: the config (null when it could not be parsed) and its
 * problems. {@link #exitCode()} maps the outcome to the CLI's exit codes: a config error (3) takes
 * precedence over the other codes, and "not implemented" (6) is given only when nothing else is wrong.
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

    /**
     * OK without errors; else the smallest exit code of the errors ({@link ProblemCode#exitCode()}: a config
     * error 3, then a missing file 4, bad data 5, an unwritable output 7), NOT_IMPLEMENTED (6) only when
     * every error is one.
     */
    public ExitCode exitCode() {
        List<ConfigProblem> errors = errors();
        if (errors.isEmpty()) {
            return ExitCode.OK;
        }
        return errors.stream().map(p -> p.code().exitCode()).filter(c -> c != ExitCode.NOT_IMPLEMENTED)
                .min(java.util.Comparator.comparingInt(ExitCode::code)).orElse(ExitCode.NOT_IMPLEMENTED);
    }
}
