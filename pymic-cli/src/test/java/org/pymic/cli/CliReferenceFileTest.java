package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.ExitCode;

/**
 * The "Commands and options" section of docs/cli.md must match what picocli renders. To regenerate it, run
 * this test with {@code -Dpymic.regenerateDocs=true}, or run {@link CliReference}.
 */
class CliReferenceFileTest {
    private static final Path FILE = Path.of("..", "docs", "cli.md");

    @Test
    void committedCommandReferenceIsUpToDate() throws Exception {
        if (Boolean.getBoolean("pymic.regenerateDocs")) {
            CliReference.write(FILE);
        }
        String doc = Files.readString(FILE, StandardCharsets.UTF_8);
        String section = CliReference.section(doc);
        assertThat(section).as("docs/cli.md has the generated section markers").isNotNull();
        assertThat(section)
                .as("docs/cli.md's 'Commands and options' is out of date; regenerate it with: cd pymic-cli && mvn -o test "
                        + "-Dtest=CliReferenceFileTest -Dpymic.regenerateDocs=true "
                        + "(or run org.pymic.cli.CliReference docs/cli.md)")
                .isEqualTo("\n" + CliReference.generate());
    }

    @Test
    void everyCommandIsInTheReference() {
        String generated = CliReference.generate();
        for (var path : HelpTest.commandPaths()) {
            if (!path.equals(java.util.List.of("test"))) { // the alias of infer, listed under it
                assertThat(generated).contains("### `pymic " + String.join(" ", path) + "`");
            }
        }
        assertThat(generated).contains("(alias `test`)").contains("--reuse-batch").contains("--memory[=N]");
    }

    @Test
    void docKeepsTheExitCodesAndTheGpuSection() throws Exception {
        String doc = Files.readString(FILE, StandardCharsets.UTF_8);
        assertThat(doc).contains("## Exit codes", "## Running on a GPU", "## Commands and options");
        for (ExitCode c : ExitCode.values()) {
            assertThat(doc).as("exit code %d in the table", c.code()).containsPattern("(?m)^\\| " + c.code() + " \\| ");
        }
    }
}
