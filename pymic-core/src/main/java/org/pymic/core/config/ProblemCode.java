package org.pymic.core.config;

import org.pymic.core.error.ExitCode;

/**
 * What kind of {@link ConfigProblem} was found; stable names that tests and tools can match on
 * instead of message text.
 */
public enum ProblemCode {
    /** The file could not be parsed (INI or JSON syntax). */
    SYNTAX,
    /** A key or section written twice; the last value wins (PyMIC's configparser refuses it). */
    DUPLICATE,
    /** A section no PyMIC code reads. */
    UNKNOWN_SECTION,
    /** A section the run needs is absent. */
    MISSING_SECTION,
    /** A key no PyMIC code reads in that section. */
    UNKNOWN_KEY,
    /** A key the run needs is absent or None. */
    MISSING_KEY,
    /** A value of the wrong type (for example a string where an integer is expected). */
    WRONG_TYPE,
    /** A value of the right type but outside the accepted set. */
    BAD_VALUE,
    /** A component name that neither PyMIC nor pymic knows. */
    UNKNOWN_COMPONENT,
    /** A PyMIC component, task or feature that pymic does not implement yet (exit code 6). */
    NOT_IMPLEMENTED,
    /** A {@code <Component>_<param>} key naming a parameter that component does not declare. */
    UNKNOWN_PARAM,
    /** A file the run reads (case list, image, label, checkpoint) is missing or unreadable (exit code 4). */
    MISSING_FILE,
    /** Data the run would refuse: label values outside the classes, non-finite image values (exit code 5). */
    BAD_DATA,
    /** A folder the run writes to (checkpoints, predictions) cannot be created or written (exit code 7). */
    UNWRITABLE;

    /** The exit code of a command refused for an error of this kind. */
    public ExitCode exitCode() {
        return switch (this) {
            case NOT_IMPLEMENTED -> ExitCode.NOT_IMPLEMENTED;
            case MISSING_FILE -> ExitCode.INPUT;
            case BAD_DATA -> ExitCode.DATA;
            case UNWRITABLE -> ExitCode.OUTPUT;
            default -> ExitCode.CONFIG;
        };
    }

    /** The kind of problem a run's {@link ExitCode} stands for (CONFIG errors map to BAD_VALUE). */
    public static ProblemCode of(ExitCode code) {
        return switch (code) {
            case NOT_IMPLEMENTED -> NOT_IMPLEMENTED;
            case INPUT -> MISSING_FILE;
            case DATA -> BAD_DATA;
            case OUTPUT -> UNWRITABLE;
            default -> BAD_VALUE;
        };
    }
}
