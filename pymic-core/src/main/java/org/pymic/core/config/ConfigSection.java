package org.pymic.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.pymic.core.catalog.SectionCatalog;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/** One section of a config, keys lower case as PyMIC's configparser makes them. */
public final class ConfigSection {
    private final String name;
    private final String source;
    private final int line;
    private final Map<String, ConfigEntry> entries = new LinkedHashMap<>();

    public ConfigSection(String name, String source, int line) {
        this.name = name.toLowerCase(Locale.ROOT);
        this.source = source;
        this.line = line;
    }

    public String name() {
        return name;
    }

    /** "file:line" of the section header. */
    public String location() {
        return line > 0 ? source + ":" + line : source;
    }

    public void put(ConfigEntry e) {
        entries.put(e.key().toLowerCase(Locale.ROOT), e);
    }

    /**
     * Records, from now on, every key asked for by name ({@link #has}, {@link #contains}, {@link #entry},
     * {@link #get} and the typed getters) into {@code into}; for tests that compare the keys a run reads with the
     * keys the section declares. {@link #values} and {@link #entries} are not recorded: they feed components,
     * whose parameters are checked on their own.
     */
    public void recordReads(java.util.Set<String> into) {
        this.reads = into;
    }

    private java.util.Set<String> reads;

    private ConfigEntry lookup(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (reads != null) {
            synchronized (reads) {
                reads.add(k);
            }
        }
        return entries.get(k);
    }

    public boolean has(String key) {
        ConfigEntry e = lookup(key);
        return e != null && e.value() != null;
    }

    public boolean contains(String key) {
        return lookup(key) != null;
    }

    public Optional<ConfigEntry> entry(String key) {
        return Optional.ofNullable(lookup(key));
    }

    /** The value, or null when the key is absent or None. */
    public Object get(String key) {
        ConfigEntry e = lookup(key);
        return e == null ? null : e.value();
    }

    public Map<String, ConfigEntry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** All values as a plain map (key lower case to value). */
    public Map<String, Object> values() {
        Map<String, Object> m = new LinkedHashMap<>();
        entries.forEach((k, e) -> m.put(k, e.value()));
        return m;
    }

    private PymicException wrong(String key, String expected) {
        ConfigEntry e = entries.get(key.toLowerCase(Locale.ROOT));
        String where = e == null ? location() : e.location();
        return new PymicException(ExitCode.CONFIG, where + ": [" + name + "] " + key + " expects " + expected
                + (e == null ? " but is missing" : ", got '" + e.raw() + "'"));
    }

    /** The value of {@code key}, or the default this section declares for it ({@link SectionCatalog#defaultOf}). */
    public int intOrDefault(String key) {
        return has(key) ? getInt(key, 0) : SectionCatalog.defaultInt(name, key);
    }

    /** The value of {@code key}, or the default this section declares for it. */
    public double doubleOrDefault(String key) {
        return has(key) ? getDouble(key, 0) : SectionCatalog.defaultDouble(name, key);
    }

    /** The value of {@code key}, or the default this section declares for it. */
    public boolean boolOrDefault(String key) {
        return has(key) ? getBool(key, false) : SectionCatalog.defaultBool(name, key);
    }

    /** The value of {@code key}, or the default this section declares for it (null for None). */
    public String stringOrDefault(String key) {
        return has(key) ? getString(key, null) : SectionCatalog.defaultString(name, key);
    }

    public String getString(String key, String dflt) {
        Object v = get(key);
        return v == null ? dflt : String.valueOf(v);
    }

    public String requireString(String key) {
        Object v = get(key);
        if (v == null) {
            throw wrong(key, "a value");
        }
        return String.valueOf(v);
    }

    public int getInt(String key, int dflt) {
        Object v = get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw wrong(key, "an integer");
    }

    public int requireInt(String key) {
        if (get(key) == null) {
            throw wrong(key, "an integer");
        }
        return getInt(key, 0);
    }

    public double getDouble(String key, double dflt) {
        Object v = get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw wrong(key, "a number");
    }

    public boolean getBool(String key, boolean dflt) {
        Object v = get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n && (n.intValue() == 0 || n.intValue() == 1)) {
            return n.intValue() == 1;
        }
        throw wrong(key, "True or False");
    }

    /** A list value; a single value counts as a one-element list; null when absent or None. */
    public List<?> getList(String key) {
        Object v = get(key);
        if (v == null) {
            return null;
        }
        return v instanceof List<?> l ? l : List.of(v);
    }

    public List<String> getStringList(String key) {
        List<?> l = getList(key);
        return l == null ? null : l.stream().map(x -> x == null ? "None" : String.valueOf(x)).toList();
    }

    public int[] getIntArray(String key) {
        List<?> l = getList(key);
        if (l == null) {
            return null;
        }
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Number n)) {
                throw wrong(key, "a list of integers");
            }
            out[i] = n.intValue();
        }
        return out;
    }

    public double[] getDoubleArray(String key) {
        List<?> l = getList(key);
        if (l == null) {
            return null;
        }
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Number n)) {
                throw wrong(key, "a list of numbers");
            }
            out[i] = n.doubleValue();
        }
        return out;
    }
}
