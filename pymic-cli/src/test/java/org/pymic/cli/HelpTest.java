package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every registered command and subcommand (walked from picocli's model, aliases included) answers
 * {@code --help}, {@code -h} and {@code pymic help <path>} with exit 0 and its usage, and describes every
 * option and positional; the root list shows each command's whole first description line.
 */
class HelpTest {

    /** Every command path below the root, aliases included ({@code [bench, train]}, {@code [test]}). */
    static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        walk(Main.commandLine(), new ArrayList<>(), paths);
        return paths;
    }

    private static void walk(CommandLine cmd, List<String> path, List<List<String>> paths) {
        for (Map.Entry<String, CommandLine> e : cmd.getSubcommands().entrySet()) {
            List<String> sub = new ArrayList<>(path);
            sub.add(e.getKey());
            paths.add(sub);
            walk(e.getValue(), sub, paths);
        }
    }

    private static List<CommandSpec> allSpecs() {
        Map<CommandSpec, Boolean> seen = new IdentityHashMap<>();
        List<CommandSpec> specs = new ArrayList<>();
        collect(Main.commandLine(), seen, specs);
        return specs;
    }

    private static void collect(CommandLine cmd, Map<CommandSpec, Boolean> seen, List<CommandSpec> specs) {
        if (seen.put(cmd.getCommandSpec(), Boolean.TRUE) == null) {
            specs.add(cmd.getCommandSpec());
            cmd.getSubcommands().values().forEach(c -> collect(c, seen, specs));
        }
    }

    private static String[] args(List<String> path, String... more) {
        List<String> a = new ArrayList<>(path);
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void theWalkFindsEveryCommand() {
        assertThat(commandPaths()).contains(List.of("train"), List.of("infer"), List.of("test"), List.of("eval"),
                List.of("check"), List.of("info"), List.of("synth"), List.of("simulate"), List.of("demo"),
                List.of("bench"), List.of("bench", "train"), List.of("bench", "infer"), List.of("doctor"),
                List.of("help"));
    }

    @Test
    void everyCommandAnswersHelpWithExitZero() {
        for (List<String> path : commandPaths()) {
            CommandSpec spec = Main.commandLine().getCommandSpec();
            CommandLine target = Main.commandLine();
            for (String name : path) {
                target = target.getSubcommands().get(name);
            }
            spec = target.getCommandSpec();
            String usage = "Usage: " + spec.qualifiedName() + " ";
            CliRun help = CliRun.of(args(path, "--help"));
            assertThat(help.exitCode()).as("pymic %s --help: %s", String.join(" ", path), help.err()).isZero();
            assertThat(help.out()).as("pymic %s --help", String.join(" ", path)).startsWith(usage);
            assertThat(help.err()).isEmpty();
            CliRun shortHelp = CliRun.of(args(path, "-h"));
            assertThat(shortHelp.exitCode()).as("pymic %s -h", String.join(" ", path)).isZero();
            assertThat(shortHelp.out()).isEqualTo(help.out());
            CliRun helpCommand = CliRun.of(args(List.of("help"), path.toArray(String[]::new)));
            assertThat(helpCommand.exitCode()).as("pymic help %s: %s", String.join(" ", path), helpCommand.err())
                    .isZero();
            assertThat(helpCommand.out()).as("pymic help %s", String.join(" ", path)).isEqualTo(help.out());
            for (String line : help.out().lines().toList()) {
                assertThat(line.length()).as("line of pymic %s --help: %s", String.join(" ", path), line)
                        .isLessThanOrEqualTo(Main.USAGE_WIDTH);
            }
            for (OptionSpec o : spec.options()) {
                if (!o.hidden()) {
                    assertThat(help.out()).as("pymic %s --help shows %s", String.join(" ", path), o.longestName())
                            .contains(o.longestName());
                }
            }
        }
    }

    @Test
    void everyOptionAndPositionalIsDescribed() {
        for (CommandSpec spec : allSpecs()) {
            List<ArgSpec> args = new ArrayList<>(spec.options());
            args.addAll(spec.positionalParameters());
            for (ArgSpec a : args) {
                String name = a instanceof OptionSpec o ? o.longestName() : a.paramLabel();
                assertThat(String.join(" ", a.description()).strip())
                        .as("description of %s in '%s'", name, spec.qualifiedName()).isNotBlank();
            }
            assertThat(spec.usageMessage().description()).as("description of '%s'", spec.qualifiedName()).isNotEmpty();
        }
    }

    @Test
    void rootListShowsWholeFirstDescriptionLines() {
        CliRun root = CliRun.of("--help");
        assertThat(root.exitCode()).isZero();
        List<String> lines = root.out().lines().toList();
        CommandLine main = Main.commandLine();
        Map<CommandLine, Boolean> seen = new IdentityHashMap<>();
        for (CommandLine sub : main.getSubcommands().values()) {
            if (seen.put(sub, Boolean.TRUE) != null) {
                continue;
            }
            CommandSpec spec = sub.getCommandSpec();
            String first = spec.usageMessage().description()[0];
            assertThat(first).as("first description line of '%s' is a sentence", spec.qualifiedName()).endsWith(".");
            List<String> names = new ArrayList<>(List.of(spec.name()));
            names.addAll(List.of(spec.aliases()));
            Pattern row = Pattern.compile("  " + Pattern.quote(String.join(", ", names)) + " +" + Pattern.quote(first));
            int at = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (row.matcher(lines.get(i)).matches()) {
                    at = i;
                }
            }
            assertThat(at).as("'%s' listed on one line with its whole first description line:%n%s", spec.name(),
                    root.out()).isNotNegative();
            assertThat(lines.get(at + 1)).as("no continuation after the row of '%s'", spec.name())
                    .doesNotStartWith("    ");
        }
        for (String footer : main.getCommandSpec().usageMessage().footer()) {
            assertThat(lines).as("footer line kept whole").contains(footer);
        }
    }

    @Test
    void bareHelpIsTheRootUsageAndUnknownNamesAreUsageErrors() {
        CliRun bare = CliRun.of("help");
        assertThat(bare.exitCode()).isZero();
        assertThat(bare.out()).isEqualTo(CliRun.of("--help").out());
        CliRun unknown = CliRun.of("help", "bench", "nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("'pymic bench' has no command 'nope'").contains("train, infer");
        assertThat(unknown.out()).isEmpty();
    }

    @Test
    void usageErrorsPointToAHelpThatWorks() {
        CliRun missing = CliRun.of("bench", "train");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required parameter: 'CONFIG'")
                .contains("Run 'pymic bench train --help' for usage.");
        CliRun help = CliRun.of("bench", "train", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--iters=N", "--warmup=N", "--memory[=N]", "--reuse-batch", "CONFIG");
    }
}
