package org.pymic.cli;

import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pymic} command. Each subcommand is a class of its own; errors a user can cause are
 * printed as one line on stderr and mapped to the stable exit codes of {@link ExitCode}.
 */
@Command(name = "pymic", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Medical image segmentation with scarce and imperfect annotations.",
        subcommands = {InfoCommand.class, CheckCommand.class, EvalCommand.class, SynthCommand.class,
                SimulateCommand.class, ClslsrCommand.class, TrainCommand.class, InferCommand.class, DemoCommand.class,
                BenchCommand.class, DoctorCommand.class, ReportCommand.class, HelpCommand.class},
        footer = {"", "Help on a command: pymic help COMMAND [SUBCOMMAND], or pymic COMMAND --help.",
                "Exit codes: 0 ok, 1 internal error, 2 usage, 3 config, 4 input file,",
                "5 data mismatch, 6 not implemented, 7 cannot write output, 130 interrupted.",
                "Details: docs/cli.md."})
public final class Main implements Runnable {
    /** Columns of the usage help: wide enough for every command's first description line on one line. */
    static final int USAGE_WIDTH = 100;

    /** The help option every command and subcommand answers. */
    static final String HELP_DESCRIPTION = "Show this help message and exit.";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (used by tests). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        addHelpOptions(cli, new java.util.IdentityHashMap<>());
        cli.setUsageHelpWidth(USAGE_WIDTH);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("pymic: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, ex.getCommandLine().getErr());
            ex.getCommandLine().getErr().println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for usage.");
            return ExitCode.USAGE.code();
        });
        return cli;
    }

    /**
     * Gives every command and subcommand {@code -h}/{@code --help} (the root has it from its standard help
     * options), so usage errors can point to it and required parameters never stand in its way.
     */
    private static void addHelpOptions(CommandLine cmd, java.util.Map<CommandLine, Boolean> seen) {
        if (seen.put(cmd, Boolean.TRUE) != null) {
            return; // an alias: the same command under another name
        }
        CommandLine.Model.CommandSpec spec = cmd.getCommandSpec();
        if (spec.findOption("--help") == null) {
            spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description(HELP_DESCRIPTION).build());
        }
        for (CommandLine sub : cmd.getSubcommands().values()) {
            addHelpOptions(sub, seen);
        }
    }

    private static int handle(Exception ex, CommandLine cmd, CommandLine.ParseResult parse) {
        boolean verbose = parse != null && isVerbose(parse);
        Throwable t = ex;
        while (!(t instanceof PymicException) && t.getCause() != null && t != t.getCause()) {
            t = t.getCause();
        }
        var err = cmd.getErr();
        if (t instanceof PymicException pe) {
            err.println("pymic: error: " + pe.getMessage());
            if (verbose) {
                ex.printStackTrace(err);
            }
            return pe.exitCode().code();
        }
        err.println("pymic: internal error: " + ex);
        if (verbose) {
            ex.printStackTrace(err);
        } else {
            err.println("(run with --verbose for the stack trace)");
        }
        return ExitCode.FAILURE.code();
    }

    private static boolean isVerbose(CommandLine.ParseResult parse) {
        CommandLine.ParseResult p = parse;
        while (p != null) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
            p = p.subcommand();
        }
        return false;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
