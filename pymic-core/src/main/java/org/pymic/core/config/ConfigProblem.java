package org.pymic.core.config;

/**
 * One finding of {@link ConfigChecker}: how serious, what kind, where ("file:line"), the section
 * and key concerned (empty when not applicable), a one-line message and an optional suggestion
 * such as "did you mean 'train_csv'?".
 */
public record ConfigProblem(Severity severity, ProblemCode code, String location, String section, String key,
        String message, String suggestion) {

    public ConfigProblem {
        section = section == null ? "" : section;
        key = key == null ? "" : key;
        suggestion = suggestion == null ? "" : suggestion;
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** One line: {@code file:line: error: [section] key: message (suggestion)}. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(location).append(": ").append(severity.name().toLowerCase(java.util.Locale.ROOT)).append(": ");
        if (!section.isEmpty()) {
            b.append('[').append(section).append("] ");
        }
        if (!key.isEmpty()) {
            b.append(key).append(": ");
        }
        b.append(message);
        if (!suggestion.isEmpty()) {
            b.append(" (").append(suggestion).append(')');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
