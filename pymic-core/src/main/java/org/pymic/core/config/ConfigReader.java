package org.pymic.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * Reads configs with Python configparser's INI rules (as PyMIC does): {@code [section]} headers,
 * {@code key = value} or {@code key: value}, full-line comments starting with '#' or ';', indented
 * continuation lines, keys case-insensitive. JSON configs have the same two-level tree.
 */
final class ConfigReader {
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
        String trimmed = text.stripLeading();
        if (file.toString().toLowerCase().endsWith(".json") || trimmed.startsWith("{")) {
            return readJson(file.toString(), text);
        }
        return readIni(file.toString(), text);
    }

    static Config readIni(String source, String text) {
        Config cfg = new Config(source);
        ConfigSection current = null;
        String[] lines = text.split("\r?\n", -1);
        String key = null;
        StringBuilder value = null;
        int keyLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String t = line.strip();
            boolean continuation = !line.isEmpty() && Character.isWhitespace(line.charAt(0)) && key != null
                    && !t.isEmpty() && !t.startsWith("#") && !t.startsWith(";");
            if (continuation) {
                value.append('\n').append(t);
                continue;
            }
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
                continue;
            }
            if (key != null) {
                put(current, key, value.toString(), source, keyLine);
                key = null;
            }
            if (t.startsWith("[")) {
                int end = t.indexOf(']');
                if (end < 0) {
                    throw new PymicException(ExitCode.CONFIG, source + ":" + (i + 1) + ": section header without ']': " + t);
                }
                current = cfg.sectionForWrite(t.substring(1, end).trim(), i + 1);
                continue;
            }
            int sep = firstSeparator(t);
            if (sep <= 0) {
                throw new PymicException(ExitCode.CONFIG, source + ":" + (i + 1) + ": expected 'key = value', got: " + t);
            }
            if (current == null) {
                throw new PymicException(ExitCode.CONFIG, source + ":" + (i + 1) + ": key '" + t.substring(0, sep).strip()
                        + "' before any [section] header");
            }
            key = t.substring(0, sep).strip();
            value = new StringBuilder(t.substring(sep + 1).strip());
            keyLine = i + 1;
        }
        if (key != null) {
            put(current, key, value.toString(), source, keyLine);
        }
        return cfg;
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

    private static void put(ConfigSection s, String key, String raw, String source, int line) {
        String joined = raw.replace('\n', ' ');
        s.put(new ConfigEntry(key.toLowerCase(java.util.Locale.ROOT), ConfigValues.parse(joined), joined, source, line));
    }

    static Config readJson(String source, String text) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new PymicException(ExitCode.CONFIG, source + ": invalid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new PymicException(ExitCode.CONFIG, source + ": a JSON config must be an object of sections");
        }
        Config cfg = new Config(source);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> sec = it.next();
            if (!sec.getValue().isObject()) {
                throw new PymicException(ExitCode.CONFIG, source + ": section '" + sec.getKey() + "' must be an object");
            }
            ConfigSection s = cfg.sectionForWrite(sec.getKey(), 0);
            for (Iterator<Map.Entry<String, JsonNode>> f = sec.getValue().fields(); f.hasNext(); ) {
                Map.Entry<String, JsonNode> e = f.next();
                s.put(new ConfigEntry(e.getKey().toLowerCase(java.util.Locale.ROOT), fromJson(e.getValue()),
                        e.getValue().toString(), source + " [" + sec.getKey() + "] " + e.getKey(), 0));
            }
        }
        return cfg;
    }

    private static Object fromJson(JsonNode n) {
        if (n.isNull()) {
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
