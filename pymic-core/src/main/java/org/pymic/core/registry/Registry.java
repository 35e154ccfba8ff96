package org.pymic.core.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * All components known by name, per {@link ComponentKind}. Names are matched case-insensitively;
 * {@link #suggest} gives the nearest known name for a typo. The global registry is filled once from
 * every {@link ComponentProvider} on the class path.
 */
public final class Registry {
    private static volatile Registry global;

    private final Map<ComponentKind, Map<String, ComponentSpec>> byKind = new EnumMap<>(ComponentKind.class);

    public Registry() {
        for (ComponentKind k : ComponentKind.values()) {
            byKind.put(k, new LinkedHashMap<>());
        }
    }

    /** The registry of every provider on the class path (loaded once). */
    public static Registry global() {
        Registry r = global;
        if (r == null) {
            synchronized (Registry.class) {
                r = global;
                if (r == null) {
                    r = new Registry();
                    for (ComponentProvider p : ServiceLoader.load(ComponentProvider.class)) {
                        r.registerAll(p.components());
                    }
                    global = r;
                }
            }
        }
        return r;
    }

    public void registerAll(Collection<ComponentSpec> specs) {
        specs.forEach(this::register);
    }

    /** Adds a spec; an implemented spec replaces a not-implemented one of the same name. */
    public synchronized void register(ComponentSpec spec) {
        Map<String, ComponentSpec> m = byKind.get(spec.kind());
        List<String> keys = new ArrayList<>();
        keys.add(key(spec.name()));
        spec.aliases().forEach(a -> keys.add(key(a)));
        for (String k : keys) {
            ComponentSpec old = m.get(k);
            if (old != null && old != spec) {
                if (old.implemented() && spec.implemented()) {
                    throw new IllegalStateException(spec + " is registered twice");
                }
                if (old.implemented()) {
                    continue;
                }
            }
            m.put(k, spec);
        }
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    public Optional<ComponentSpec> find(ComponentKind kind, String name) {
        return Optional.ofNullable(byKind.get(kind).get(key(name)));
    }

    /**
     * The implemented spec of that name, or a {@link PymicException} that says whether the name is
     * unknown (with the nearest names) or known but not implemented (with the implemented ones).
     */
    public ComponentSpec require(ComponentKind kind, String name) {
        ComponentSpec s = find(kind, name).orElse(null);
        if (s == null) {
            throw new PymicException(ExitCode.CONFIG, "unknown " + kind.label() + " '" + name + "'"
                    + didYouMean(kind, name) + "; known: " + String.join(", ", names(kind, true)));
        }
        if (!s.implemented()) {
            throw new PymicException(ExitCode.NOT_IMPLEMENTED, kind.label() + " '" + s.name()
                    + "' is a PyMIC component that pymic does not implement yet; implemented: "
                    + String.join(", ", names(kind, true)));
        }
        return s;
    }

    /** Distinct specs of a kind in registration order. */
    public List<ComponentSpec> all(ComponentKind kind) {
        return byKind.get(kind).values().stream().distinct().toList();
    }

    /** Canonical names of a kind, sorted; only implemented ones when asked. */
    public List<String> names(ComponentKind kind, boolean implementedOnly) {
        return all(kind).stream().filter(s -> !implementedOnly || s.implemented())
                .map(ComponentSpec::name).sorted(String.CASE_INSENSITIVE_ORDER).toList();
    }

    /** Up to three known names closest to {@code name} (edit distance), best first. */
    public List<String> suggest(ComponentKind kind, String name) {
        return nearest(name, byKind.get(kind).values().stream().map(ComponentSpec::name).distinct().toList());
    }

    /** " (did you mean 'X'?)" or the empty string. */
    public String didYouMean(ComponentKind kind, String name) {
        List<String> s = suggest(kind, name);
        return s.isEmpty() ? "" : " (did you mean '" + s.get(0) + "'?)";
    }

    /** Up to three candidates within a small edit distance of {@code name}, nearest first. */
    public static List<String> nearest(String name, Collection<String> candidates) {
        String n = name.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, n.length() / 3);
        return candidates.stream()
                .map(c -> Map.entry(c, editDistance(n, c.toLowerCase(Locale.ROOT))))
                .filter(e -> e.getValue() <= limit)
                .sorted(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getValue())
                        .thenComparing(Map.Entry::getKey))
                .limit(3).map(Map.Entry::getKey).toList();
    }

    /** Levenshtein distance. */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
