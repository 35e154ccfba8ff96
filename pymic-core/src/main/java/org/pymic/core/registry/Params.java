package org.pymic.core.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * Parameter values of one component, keyed by lower-case name. Values are the config's typed
 * values: Integer/Long, Double, Boolean, String, List, or null for PyMIC's {@code None}.
 * {@link #resolve} fills defaults from a spec and checks types, so factories can read values
 * without checks of their own.
 */
public final class Params {
    private final String owner;
    private final Map<String, Object> values;
    private final Reads reads;

    /**
     * What a component read of its parameters: every key it asked for, and the fallback it gave where it
     * asked with one ({@link #recording}); for tests that compare what is read with what is declared.
     */
    public static final class Reads {
        private final java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        private final Map<String, List<Object>> fallbacks = new LinkedHashMap<>();

        public java.util.Set<String> keys() {
            return Collections.unmodifiableSet(keys);
        }

        /** Fallback values given in code, by key (a key asked for with several gets one entry per ask). */
        public Map<String, List<Object>> fallbacks() {
            return Collections.unmodifiableMap(fallbacks);
        }

        synchronized void read(String key) {
            keys.add(key);
        }

        synchronized void fallback(String key, Object value) {
            fallbacks.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
    }

    public Params(String owner, Map<String, ?> values) {
        this(owner, values, null);
    }

    private Params(String owner, Map<String, ?> values, Reads reads) {
        this.owner = owner;
        this.values = new LinkedHashMap<>();
        values.forEach((k, v) -> this.values.put(k.toLowerCase(Locale.ROOT), v));
        this.reads = reads;
    }

    /** The same values, recording every read into {@code reads}. */
    public Params recording(Reads reads) {
        return new Params(owner, values, reads);
    }

    public static Params empty(String owner) {
        return new Params(owner, Map.of());
    }

    /**
     * Values for {@code spec}: given values checked against the declared types, defaults filled in,
     * missing required ones reported. Keys the spec does not declare are kept (PyMIC configs carry
     * many) and can be listed with {@link #undeclared}.
     */
    public static Params resolve(ComponentSpec spec, Map<String, ?> given) {
        Params in = new Params(spec.name(), given);
        Map<String, Object> out = new LinkedHashMap<>(in.values);
        for (ParamSpec p : spec.params()) {
            if (out.containsKey(p.name())) {
                Object v = out.get(p.name());
                String problem = typeProblem(p.type(), v);
                if (problem != null) {
                    throw new PymicException(ExitCode.CONFIG, spec.kind().label() + " " + spec.name() + ": '"
                            + p.name() + "' " + problem);
                }
                out.put(p.name(), coerce(p.type(), v));
            } else if (p.required()) {
                throw new PymicException(ExitCode.CONFIG, spec.kind().label() + " " + spec.name()
                        + ": missing required '" + p.name() + "' (" + p.type().label() + ": " + p.doc() + ")");
            } else {
                out.put(p.name(), p.defaultValue());
            }
        }
        return new Params(spec.name(), out);
    }

    /** Null when {@code v} fits {@code type}, else what was expected. None (null) fits every type. */
    public static String typeProblem(ParamType type, Object v) {
        if (v == null) {
            return null;
        }
        boolean ok = switch (type) {
            case INT -> isInt(v);
            case FLOAT -> v instanceof Number;
            case BOOL -> v instanceof Boolean;
            case STRING -> v instanceof String;
            case INT_LIST -> isList(v, Params::isInt);
            case FLOAT_LIST -> isList(v, x -> x instanceof Number);
            case STRING_LIST -> isList(v, x -> x instanceof String);
            case LIST -> v instanceof List<?> || v instanceof Number || v instanceof String;
            case ANY -> true;
        };
        return ok ? null : "expects " + type.label() + ", got " + describe(v);
    }

    private static boolean isInt(Object v) {
        return v instanceof Integer || v instanceof Long
                || (v instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15);
    }

    private static boolean isList(Object v, java.util.function.Predicate<Object> item) {
        if (v instanceof List<?> l) {
            return l.stream().allMatch(x -> x == null || item.test(x));
        }
        return item.test(v); // a single value stands for a one-element list
    }

    private static Object coerce(ParamType type, Object v) {
        if (v == null) {
            return null;
        }
        return switch (type) {
            case INT -> ((Number) v).longValue() == ((Number) v).intValue() ? (Object) ((Number) v).intValue()
                    : (Object) ((Number) v).longValue();
            case FLOAT -> ((Number) v).doubleValue();
            case INT_LIST, FLOAT_LIST, STRING_LIST -> v instanceof List<?> ? v : List.of(v);
            default -> v;
        };
    }

    private static String describe(Object v) {
        String t = v instanceof List<?> ? "list" : v instanceof String ? "string" : v instanceof Boolean ? "bool"
                : isInt(v) ? "int" : v instanceof Number ? "float" : v.getClass().getSimpleName();
        return t + " " + v;
    }

    public String owner() {
        return owner;
    }

    public boolean has(String name) {
        return get(name) != null;
    }

    public Object get(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (reads != null) {
            reads.read(key);
        }
        return values.get(key);
    }

    private void fallback(String name, Object value) {
        if (reads != null) {
            reads.fallback(name.toLowerCase(Locale.ROOT), value);
        }
    }

    /** All values (reading the map counts as reading every key). */
    public Map<String, Object> asMap() {
        if (reads != null) {
            values.keySet().forEach(reads::read);
        }
        return Collections.unmodifiableMap(values);
    }

    /** Keys present here that {@code spec} does not declare. */
    public List<String> undeclared(ComponentSpec spec) {
        List<String> out = new ArrayList<>();
        for (String k : values.keySet()) {
            if (spec.param(k).isEmpty()) {
                out.add(k);
            }
        }
        return out;
    }

    private Object need(String name) {
        Object v = get(name);
        if (v == null) {
            throw new PymicException(ExitCode.CONFIG, owner + ": '" + name + "' is not set");
        }
        return v;
    }

    public int getInt(String name) {
        return ((Number) need(name)).intValue();
    }

    public int getInt(String name, int dflt) {
        fallback(name, dflt);
        return has(name) ? getInt(name) : dflt;
    }

    public double getDouble(String name) {
        return ((Number) need(name)).doubleValue();
    }

    public double getDouble(String name, double dflt) {
        fallback(name, dflt);
        return has(name) ? getDouble(name) : dflt;
    }

    public boolean getBool(String name) {
        return (Boolean) need(name);
    }

    public boolean getBool(String name, boolean dflt) {
        fallback(name, dflt);
        return has(name) ? getBool(name) : dflt;
    }

    public String getString(String name) {
        return String.valueOf(need(name));
    }

    public String getString(String name, String dflt) {
        fallback(name, dflt);
        return has(name) ? getString(name) : dflt;
    }

    /** A list value (a single value counts as a one-element list), or null when unset. */
    public List<?> getList(String name) {
        Object v = get(name);
        if (v == null) {
            return null;
        }
        return v instanceof List<?> l ? l : List.of(v);
    }

    public int[] getIntArray(String name) {
        List<?> l = getList(name);
        return l == null ? null : l.stream().mapToInt(x -> ((Number) x).intValue()).toArray();
    }

    public double[] getDoubleArray(String name) {
        List<?> l = getList(name);
        return l == null ? null : l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
    }

    public List<String> getStringList(String name) {
        List<?> l = getList(name);
        return l == null ? null : l.stream().map(String::valueOf).toList();
    }

    @Override
    public String toString() {
        return owner + values;
    }
}
