package org.pymic.core.config;

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
    UNKNOWN_PARAM
}
