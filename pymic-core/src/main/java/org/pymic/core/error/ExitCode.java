package org.pymic.core.error;

/**
 * Stable process exit codes of the {@code pymic} command. Documented in docs/cli.md; never renumber.
 */
public enum ExitCode {
    OK(0, "success"),
    FAILURE(1, "unexpected internal error (run with --verbose for the stack trace)"),
    USAGE(2, "bad command line: unknown option, missing argument"),
    CONFIG(3, "invalid configuration: unknown key or component, wrong type, bad value"),
    INPUT(4, "unreadable or invalid input file: missing, truncated, corrupt, unsupported"),
    DATA(5, "data inconsistency: shape or geometry mismatch, CSV row problem"),
    NOT_IMPLEMENTED(6, "a known PyMIC component or feature that pymic does not implement yet"),
    OUTPUT(7, "cannot write an output file: permission, missing folder, disk full"),
    INTERRUPTED(130, "interrupted");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
