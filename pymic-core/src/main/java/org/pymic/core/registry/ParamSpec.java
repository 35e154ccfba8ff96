package org.pymic.core.registry;

/**
 * One declared parameter of a component: name (lower case, as in the config), type, default
 * (null means none) and a one-line doc. A required parameter has no default.
 */
public record ParamSpec(String name, ParamType type, Object defaultValue, boolean required, String doc) {

    public ParamSpec {
        name = name.toLowerCase(java.util.Locale.ROOT);
    }

    public static ParamSpec optional(String name, ParamType type, Object defaultValue, String doc) {
        return new ParamSpec(name, type, defaultValue, false, doc);
    }

    public static ParamSpec required(String name, ParamType type, String doc) {
        return new ParamSpec(name, type, null, true, doc);
    }
}
