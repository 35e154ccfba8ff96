package org.pymic.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code pymic help [COMMAND [SUBCOMMAND]]}: the usage of the command at that path ({@code pymic help bench
 * train}), or of {@code pymic} itself. picocli's own help command looks one level down only.
 */
@Command(name = "help", helpCommand = true,
        description = "Show the usage of a command or subcommand, e.g. pymic help bench train.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*",
            description = "The command and subcommand to describe (none: the list of commands).")
    List<String> path = new ArrayList<>();

    private CommandLine self;
    private CommandLine.Help.ColorScheme colorScheme;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out,
            PrintWriter err) {
        this.self = helpCommandLine;
        this.colorScheme = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent() == null ? self : self.getParent();
        for (String name : path) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                String known = target.getSubcommands().isEmpty() ? "it has no subcommands"
                        : "its commands are " + String.join(", ", target.getSubcommands().keySet());
                throw new PymicException(ExitCode.USAGE, "help: '" + target.getCommandSpec().qualifiedName()
                        + "' has no command '" + name + "'; " + known);
            }
            target = sub;
        }
        target.usage(out, colorScheme);
        out.flush();
    }
}
