package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pymic.core.config.CheckReport;
import org.pymic.core.config.ConfigChecker;
import org.pymic.core.registry.Registry;

/** The configs the project ships (examples/, configs/) stay valid as components and keys change. */
class ProjectConfigsTest {
    private static final Path REPO = Path.of("..");

    static Stream<Path> configs() throws IOException {
        List<Path> all;
        try (Stream<Path> ex = Files.walk(REPO.resolve("examples")); Stream<Path> cf = Files.walk(REPO.resolve("configs"))) {
            all = Stream.concat(ex, cf).filter(p -> p.toString().endsWith(".cfg")).sorted().toList();
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(5);
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void isValid(Path cfg) {
        CheckReport r = ConfigChecker.checkFile(cfg, Registry.global());
        assertThat(r.errors()).as(cfg + ": errors").isEmpty();
    }
}
