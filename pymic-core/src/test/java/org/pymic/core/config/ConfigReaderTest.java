package org.pymic.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.Registry;

class ConfigReaderTest {
    private static final String INI = String.join("\n",
            "# a comment",
            "[Dataset]",
            "Train_CSV = config/train.csv",
            "RandomCrop_Output_Size = [4, 192, 192]",
            "; another comment",
            "train_transform = [Pad,",
            "    RandomCrop,",
            "    # comment inside a value",
            "",
            "    LabelToProbability]",
            "empty_key =",
            "colon_key: 3",
            "url = a=b:c",
            "[training]",
            "learning_rate = 1e-3",
            "deep_supervise = True",
            "lr_scheduler = None",
            "[testing]",
            "  indented_key = 5",
            "  next_key = 6",
            "");

    @Test
    void readsIniAsConfigparserAndPymicDo() {
        Config c = ConfigReader.readIni("a.cfg", INI);
        ConfigSection d = c.section("dataset");
        assertThat(c.hasSection("DATASET")).isTrue();
        assertThat(d.get("train_csv")).isEqualTo("config/train.csv");
        assertThat(d.get("randomcrop_output_size")).isEqualTo(List.of(4, 192, 192));
        assertThat(d.get("train_transform")).isEqualTo(List.of("Pad", "RandomCrop", "LabelToProbability"));
        assertThat(d.entry("train_transform").orElseThrow().line()).isEqualTo(6);
        assertThat(d.contains("empty_key")).isTrue();
        assertThat(d.get("empty_key")).isNull();
        assertThat(d.get("colon_key")).isEqualTo(3);
        assertThat(d.get("url")).isEqualTo("a=b:c");
        ConfigSection t = c.section("training");
        assertThat(t.getDouble("learning_rate", 0)).isEqualTo(0.001);
        assertThat(t.getBool("deep_supervise", false)).isTrue();
        assertThat(t.contains("lr_scheduler")).isTrue();
        assertThat(t.get("lr_scheduler")).isNull();
        ConfigSection te = c.section("testing");
        assertThat(te.get("indented_key")).isEqualTo(5);
        assertThat(te.get("next_key")).isEqualTo(6);
        assertThat(te.entry("next_key").orElseThrow().location()).isEqualTo("a.cfg:20");
        assertThat(c.readProblems()).isEmpty();
    }

    @Test
    void deeperIndentedLineContinuesTheValueAsInConfigparser() {
        Config c = ConfigReader.readIni("c.cfg", "[training]\nlr_scheduler = None\n  iter_max = 5\n");
        assertThat(c.section("training").contains("iter_max")).isFalse();
        assertThat(c.section("training").get("lr_scheduler")).isEqualTo("None iter_max = 5");
    }

    @Test
    void duplicateKeyKeepsLastValueAndIsNoted() {
        Config c = ConfigReader.readIni("d.cfg", "[training]\niter_max = 10\niter_max = 20\n");
        assertThat(c.section("training").get("iter_max")).isEqualTo(20);
        assertThat(c.readProblems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.DUPLICATE);
            assertThat(p.location()).isEqualTo("d.cfg:3");
            assertThat(p.key()).isEqualTo("iter_max");
        });
    }

    @Test
    void defaultSectionIsInheritedBySections() {
        Config c = ConfigReader.readIni("x.cfg", "[DEFAULT]\ngpus = [0]\n[training]\niter_max = 3\n[testing]\ngpus = [1]\n");
        assertThat(c.hasSection("default")).isFalse();
        assertThat(c.section("training").get("gpus")).isEqualTo(List.of(0));
        assertThat(c.section("testing").get("gpus")).isEqualTo(List.of(1));
    }

    @Test
    void syntaxErrorsNameFileAndLine() {
        assertThatThrownBy(() -> ConfigReader.readIni("b.cfg", "[dataset]\njust text\n"))
                .isInstanceOf(PymicException.class).hasMessageContaining("b.cfg:2")
                .extracting(e -> ((PymicException) e).exitCode()).isEqualTo(ExitCode.CONFIG);
        assertThatThrownBy(() -> ConfigReader.readIni("b.cfg", "key = 1\n")).hasMessageContaining("b.cfg:1")
                .hasMessageContaining("before any [section]");
        assertThatThrownBy(() -> ConfigReader.readIni("b.cfg", "\n[dataset\n")).hasMessageContaining("b.cfg:2");
    }

    @Test
    void everySyntaxErrorIsReportedAtOnceWithItsLine() {
        String ini = "key = 1\n[dataset]\ntrain_csv = a.csv\njust text\n[network\nclass_num = 2\n[training]\nmore text\n";
        assertThatThrownBy(() -> ConfigReader.readIni("b.cfg", ini)).isInstanceOf(PymicException.class)
                .hasMessageContaining("b.cfg:1: key 'key' before any [section]")
                .hasMessageContaining("b.cfg:4: expected 'key = value', got: just text")
                .hasMessageContaining("b.cfg:5: section header without ']'")
                .hasMessageContaining("b.cfg:8: expected 'key = value', got: more text")
                .hasMessageContaining("4 syntax errors")
                .extracting(e -> ((PymicException) e).exitCode()).isEqualTo(ExitCode.CONFIG);
    }

    @Test
    void checkFileListsEverySyntaxErrorAsOneProblem(@TempDir Path dir) throws java.io.IOException {
        Path f = dir.resolve("b.cfg");
        Files.writeString(f, "[dataset]\nno separator\n[network\nclass_num = 2\nagain\n");
        CheckReport r = ConfigChecker.checkFile(f, Registry.global());
        assertThat(r.errors()).extracting(ConfigProblem::location).containsExactly(f + ":2", f + ":3", f + ":5");
        assertThat(r.errors()).allMatch(p -> p.code() == ProblemCode.SYNTAX);
    }

    @Test
    void overrideTypesTheValueAndNamesItsOrigin() {
        Config c = ConfigReader.readIni("a.cfg", INI);
        c.withOverride("training.iter_max=200").withOverride("Dataset.train_transform=[Pad, RandomFlip]")
                .withOverride("testing.post_process=");
        assertThat(c.section("training").get("iter_max")).isEqualTo(200);
        assertThat(c.section("dataset").get("train_transform")).isEqualTo(List.of("Pad", "RandomFlip"));
        assertThat(c.section("testing").contains("post_process")).isTrue();
        assertThat(c.section("testing").get("post_process")).isNull();
        assertThat(c.section("training").entry("iter_max").orElseThrow().location()).contains("--set");
        assertThatThrownBy(() -> c.withOverride("iter_max=3")).isInstanceOf(PymicException.class)
                .extracting(e -> ((PymicException) e).exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void jsonConfigHasTheSameTreeWithLines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.json");
        Files.writeString(f, "{\n \"Dataset\": {\n  \"Train_CSV\": \"a.csv\",\n  \"train_transform\": [\"Pad\", \"RandomCrop\"]\n },\n"
                + " \"training\": {\"learning_rate\": 0.001, \"iter_max\": 100, \"lr_scheduler\": null, \"deterministic\": true}\n}\n");
        Config c = Config.load(f);
        assertThat(c.section("dataset").get("train_csv")).isEqualTo("a.csv");
        assertThat(c.section("dataset").entry("train_csv").orElseThrow().location()).isEqualTo(f + ":3");
        assertThat(c.section("dataset").get("train_transform")).isEqualTo(List.of("Pad", "RandomCrop"));
        assertThat(c.section("training").get("learning_rate")).isEqualTo(0.001);
        assertThat(c.section("training").get("iter_max")).isEqualTo(100);
        assertThat(c.section("training").get("lr_scheduler")).isNull();
        assertThat(c.section("training").get("deterministic")).isEqualTo(true);
    }

    @Test
    void badJsonAndMissingFilesAreReported(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.json");
        Files.writeString(f, "{\"dataset\": [1, 2]}");
        assertThatThrownBy(() -> Config.load(f)).hasMessageContaining("must be an object")
                .extracting(e -> ((PymicException) e).exitCode()).isEqualTo(ExitCode.CONFIG);
        Files.writeString(f, "{\"dataset\": {\"a\": }");
        assertThatThrownBy(() -> Config.load(f)).hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> Config.load(dir.resolve("none.cfg"))).hasMessageContaining("not found")
                .extracting(e -> ((PymicException) e).exitCode()).isEqualTo(ExitCode.INPUT);
    }
}
