package org.pymic.core.error;

/**
 * An error a user can act on. The message is one line that names the place (file, line, CSV row
 * or config key) and what was expected; the CLI prints it without a stack trace and exits with
 * {@link #exitCode()}.
 */
public class PymicException extends RuntimeException {
    private final ExitCode exitCode;

    public PymicException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public PymicException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public static PymicException input(String message) {
        return new PymicException(ExitCode.INPUT, message);
    }

    public static PymicException input(String message, Throwable cause) {
        return new PymicException(ExitCode.INPUT, message, cause);
    }

    public static PymicException config(String message) {
        return new PymicException(ExitCode.CONFIG, message);
    }

    public static PymicException data(String message) {
        return new PymicException(ExitCode.DATA, message);
    }
}
