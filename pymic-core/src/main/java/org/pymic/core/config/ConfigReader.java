package org.pymic.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * Reads configs with Python configparser's INI rules (as PyMIC does): {@code [section]} headers,
 * {@code key = value} or {@code key: value} (the first '=' or ':' separates), full-line comments
 * starting with '#' or ';' (no inline comments), continuation lines indented deeper than their key,
 * keys lower-cased, empty values read as None, a {@code [DEFAULT]} section whose keys every other
 * section inherits. A key or section written twice is kept (last value wins) and noted in
 * {@link Config#readProblems()}. Syntax errors do not stop the reading: every one is collected, each with
 * its file and line, and thrown together at the end. JSON configs have the same two-level tree; their entries keep
 * the line they were written on.
 */
final class ConfigReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigReader() {
    }

    static Config read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PymicException(ExitCode.INPUT, file + ": config file not found");
        } catch (IOException e) {
            throw new PymicException(ExitCode.INPUT, file + ": cannot read config: " + e.getMessage());
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String trimmed = text.stripLeading();
        if (file.toString().toLowerCase(Locale.ROOT).endsWith(".json") || trimmed.startsWith("{")) {
            return readJson(file.toString(), text);
        }
        return readIni(file.toString(), text);
    }

    static Config readIni(String source, String text) {
        Config cfg = new Config(source);
        ConfigSection current = null;
        String[] lines = text.split("\r\n|\r|\n", -1);
        String key = null;
        StringBuilder value = null;
        int keyLine = 0;
        int keyIndent = 0;
        List<String> seenSections = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        boolean sawDefault = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String t = line.strip();
            if (t.startsWith("#") || t.startsWith(";")) {
                continue;
            }
            int indent = indentOf(line);
            if (t.isEmpty()) {
                if (key != null) {
                    value.append('\n');
                }
                continue;
            }
            if (key != null && indent > keyIndent) {
                value.append('\n').append(t);
                continue;
            }
            if (key != null) {
                put(cfg, current, key, value.toString(), source, keyLine);
                key = null;
            }
            if (t.startsWith("[")) {
                int end = t.indexOf(']');
                if (end < 0) {
                    errors.add(source + ":" + (i + 1) + ": section header without ']': " + t);
                    current = new ConfigSection(t.substring(1).trim(), source, i + 1); // its keys are read, not kept
                    continue;
                }
                String name = t.substring(1, end).trim();
                String lower = name.toLowerCase(Locale.ROOT);
                if (seenSections.contains(lower) && !name.equals("DEFAULT")) {
                    cfg.addReadProblem(new ConfigProblem(Severity.WARNING, ProblemCode.DUPLICATE, source + ":" + (i + 1),
                            lower, "", "section [" + name + "] appears twice; its keys are merged", ""));
                }
                seenSections.add(lower);
                sawDefault |= name.equals("DEFAULT");
                current = cfg.sectionForWrite(name, i + 1);
                continue;
            }
            int sep = firstSeparator(t);
            if (sep <= 0) {
                errors.add(source + ":" + (i + 1) + ": expected 'key = value', got: " + t);
                continue;
            }
            if (current == null) {
                errors.add(source + ":" + (i + 1) + ": key '" + t.substring(0, sep).strip()
                        + "' before any [section] header");
                continue;
            }
            key = t.substring(0, sep).strip();
            value = new StringBuilder(t.substring(sep + 1).strip());
            keyLine = i + 1;
            keyIndent = indent;
        }
        if (key != null) {
            put(cfg, current, key, value.toString(), source, keyLine);
        }
        if (!errors.isEmpty()) {
            throw new PymicException(ExitCode.CONFIG, String.join("\n", errors)
                    + (errors.size() == 1 ? "" : "\n" + source + ": " + errors.size() + " syntax errors"));
        }
        if (sawDefault) {
            applyDefaults(cfg);
        }
        return cfg;
    }

    private static int indentOf(String line) {
        int n = 0;
        while (n < line.length() && Character.isWhitespace(line.charAt(n))) {
            n++;
        }
        return n;
    }

    /** configparser's DEFAULT section: its keys appear in every other section that lacks them. */
    private static void applyDefaults(Config cfg) {
        ConfigSection defaults = cfg.removeSection("default");
        for (ConfigSection s : cfg.sections()) {
            defaults.entries().forEach((k, e) -> {
                if (!s.contains(k)) {
                    s.put(e);
                }
            });
        }
    }

    private static int firstSeparator(String t) {
        int eq = t.indexOf('=');
        int colon = t.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        if (colon < 0) {
            return eq;
        }
        return Math.min(eq, colon);
    }

    private static void put(Config cfg, ConfigSection s, String key, String raw, String source, int line) {
        String joined = raw.strip().replaceAll("\\s*\n\\s*", " ");
        String k = key.toLowerCase(Locale.ROOT);
        if (s.contains(k)) {
            ConfigEntry old = s.entry(k).orElseThrow();
            cfg.addReadProblem(new ConfigProblem(Severity.WARNING, ProblemCode.DUPLICATE, source + ":" + line, s.name(), k,
                    "written twice (first at line " + old.line() + "); the last value is used",
                    "PyMIC's configparser refuses duplicate keys: remove one"));
        }
        s.put(new ConfigEntry(k, ConfigValues.parse(joined), joined, source, line));
    }

    static Config readJson(String source, String text) {
        Config cfg = new Config(source);
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new PymicException(ExitCode.CONFIG, source + ": a JSON config must be an object of sections");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String section = p.currentName();
                int sectionLine = p.currentTokenLocation().getLineNr();
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new PymicException(ExitCode.CONFIG, source + ":" + sectionLine + ": section '" + section
                            + "' must be an object");
                }
                ConfigSection s = cfg.sectionForWrite(section, sectionLine);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation at = p.currentTokenLocation();
                    p.nextToken();
                    JsonNode node = p.readValueAsTree();
                    String k = key.toLowerCase(Locale.ROOT);
                    if (s.contains(k)) {
                        cfg.addReadProblem(new ConfigProblem(Severity.WARNING, ProblemCode.DUPLICATE,
                                source + ":" + at.getLineNr(), s.name(), k, "written twice; the last value is used", ""));
                    }
                    s.put(new ConfigEntry(k, fromJson(node), node.isTextual() ? node.textValue() : node.toString(),
                            source, Math.max(at.getLineNr(), 0)));
                }
            }
        } catch (IOException e) {
            throw new PymicException(ExitCode.CONFIG, source + ": invalid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        return cfg;
    }

    private static Object fromJson(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            long v = n.longValue();
            return v == (int) v ? (Object) (int) v : (Object) v;
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(fromJson(x)));
            return l;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        return n.toString();
    }
}
