package org.pymic.core.config;

import java.nio.file.Path;
import java.util.Collection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * A run's configuration: PyMIC's INI sections ({@code [dataset] [network] [training] ...}) with
 * typed values and the place each was written. Missing sections read as empty.
 */
public final class Config {
    private final String source;
    private final Map<String, ConfigSection> sections = new LinkedHashMap<>();
    private final List<ConfigProblem> readProblems = new ArrayList<>();

    public Config(String source) {
        this.source = source;
    }

    /** Reads an INI file, or JSON when the name ends in .json or the text starts with '{'. */
    public static Config load(Path file) {
        return ConfigReader.read(file);
    }

    public String source() {
        return source;
    }

    public ConfigSection section(String name) {
        ConfigSection s = sections.get(name.toLowerCase(Locale.ROOT));
        return s != null ? s : new ConfigSection(name, source, 0);
    }

    public boolean hasSection(String name) {
        return sections.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The supervision of a training config, lower case: {@code [dataset] supervise_type} when given;
     * otherwise the kind whose method section is present (older PyMIC configs, such as its ACDC
     * EntropyMinimization example, name the method with {@code ssl_method} and nothing else);
     * otherwise {@code fully_sup}.
     */
    public String supervision() {
        String given = section("dataset").getString("supervise_type", null);
        if (given != null) {
            return given.toLowerCase(Locale.ROOT);
        }
        if (hasSection("semi_supervised_learning")) {
            return "semi_sup";
        }
        if (hasSection("weakly_supervised_learning")) {
            return "weak_sup";
        }
        if (hasSection("noisy_label_learning")) {
            return "noisy_label";
        }
        return "fully_sup";
    }

    /** The section, created empty when absent. */
    public ConfigSection sectionForWrite(String name, int line) {
        return sections.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ConfigSection(n, source, line));
    }

    public Collection<ConfigSection> sections() {
        return Collections.unmodifiableCollection(sections.values());
    }

    /** Removes a section (used by the reader for configparser's DEFAULT section). */
    ConfigSection removeSection(String name) {
        return sections.remove(name.toLowerCase(Locale.ROOT));
    }

    /**
     * What the reader noticed but tolerated, such as a key written twice (PyMIC's configparser
     * refuses duplicates; here the last value wins). {@link ConfigChecker} reports these.
     */
    public List<ConfigProblem> readProblems() {
        return Collections.unmodifiableList(readProblems);
    }

    void addReadProblem(ConfigProblem p) {
        readProblems.add(p);
    }

    /**
     * Applies {@code section.key=value} overrides (the {@code --set} option); the value is typed as
     * in the INI format.
     */
    public Config withOverride(String assignment) {
        int eq = assignment.indexOf('=');
        int dot = assignment.indexOf('.');
        if (eq < 0 || dot < 0 || dot > eq) {
            throw new PymicException(ExitCode.USAGE, "--set expects section.key=value, got '" + assignment + "'");
        }
        String section = assignment.substring(0, dot).trim();
        String key = assignment.substring(dot + 1, eq).trim().toLowerCase(Locale.ROOT);
        String raw = assignment.substring(eq + 1).trim();
        sectionForWrite(section, 0).put(new ConfigEntry(key, ConfigValues.parse(raw), raw, "--set " + assignment, 0));
        return this;
    }

    /** Sections as nested plain maps, for provenance and JSON output. */
    public Map<String, Map<String, Object>> toMap() {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        sections.forEach((k, s) -> m.put(k, s.values()));
        return m;
    }
}
