package org.pymic.cli;

import picocli.CommandLine.Option;

/** The option every command shares. */
final class CommonOptions {
    @Option(names = {"-v", "--verbose"}, description = "Print stack traces and debug messages.")
    boolean verbose;
}
