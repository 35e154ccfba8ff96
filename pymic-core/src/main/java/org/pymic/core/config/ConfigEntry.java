package org.pymic.core.config;

/**
 * One key of a config section: its typed value, the text it was parsed from, and where it was
 * written (file and 1-based line; line 0 for values that came from {@code --set} or JSON).
 */
public record ConfigEntry(String key, Object value, String raw, String source, int line) {

    /** "file:line" or the source alone when there is no line. */
    public String location() {
        return line > 0 ? source + ":" + line : source;
    }
}
