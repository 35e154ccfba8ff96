package org.pymic.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * PyMIC's typing of INI values (pymic/util/parse_config.py): int, float (with exponent, such as
 * {@code 1e-3}), {@code [a, b]} lists, True/False and None in any letter case, else the string
 * itself. An empty value is None, as PyMIC drops keys with empty values. A few inputs on which
 * PyMIC fails or keeps a string are read more leniently: nested lists, {@code 1.5e-3}, {@code 1E-3},
 * {@code +5}, the empty list and quoted strings (quotes removed).
 */
public final class ConfigValues {
    private static final Pattern INT = Pattern.compile("[+-]?\\d+");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(\\d+\\.?\\d*([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?|inf|infinity|nan)", Pattern.CASE_INSENSITIVE);

    private ConfigValues() {
    }

    public static Object parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return null;
        }
        if (INT.matcher(s).matches()) {
            try {
                long v = Long.parseLong(s);
                return v == (int) v ? (Object) (int) v : (Object) v;
            } catch (NumberFormatException e) {
                return Double.parseDouble(s);
            }
        }
        if (FLOAT.matcher(s).matches()) {
            String l = s.toLowerCase(Locale.ROOT).replace("infinity", "inf");
            if (l.endsWith("inf")) {
                return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (l.endsWith("nan")) {
                return Double.NaN;
            }
            return Double.parseDouble(s);
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            return parseList(s.substring(1, s.length() - 1));
        }
        String l = s.toLowerCase(Locale.ROOT);
        if (l.equals("true")) {
            return Boolean.TRUE;
        }
        if (l.equals("false")) {
            return Boolean.FALSE;
        }
        if (l.equals("none")) {
            return null;
        }
        return unquote(s);
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static List<Object> parseList(String inner) {
        List<Object> out = new ArrayList<>();
        if (inner.trim().isEmpty()) {
            return out;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                addItem(out, inner.substring(start, i));
                start = i + 1;
            }
        }
        String last = inner.substring(start);
        if (!last.trim().isEmpty() || out.isEmpty()) {
            addItem(out, last);
        }
        return out;
    }

    private static void addItem(List<Object> out, String item) {
        out.add(parse(item));
    }
}
