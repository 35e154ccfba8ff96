package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pymic.core.catalog.ConfigReference;
import org.pymic.core.registry.Registry;

/**
 * docs/config-reference.md must match what the registry generates. To regenerate it, run this
 * test with {@code -Dpymic.regenerateDocs=true}, or run {@link GenerateConfigReference}.
 */
class ConfigReferenceFileTest {
    private static final Path FILE = Path.of("..", "docs", "config-reference.md");

    @Test
    void committedReferenceIsUpToDate() throws Exception {
        if (Boolean.getBoolean("pymic.regenerateDocs")) {
            GenerateConfigReference.write(FILE);
        }
        String expected = ConfigReference.generate(Registry.global());
        String actual = Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "";
        assertThat(actual)
                .as("docs/config-reference.md is out of date; regenerate it with: cd pymic-cli && mvn -o test "
                        + "-Dtest=ConfigReferenceFileTest -Dpymic.regenerateDocs=true "
                        + "(or run org.pymic.cli.GenerateConfigReference docs/config-reference.md)")
                .isEqualTo(expected);
    }
}
