package org.pymic.core.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.pymic.core.error.PymicException;

/**
 * One evaluated class: a single label or a group of labels treated as one foreground (their
 * union), as PyMIC's {@code label_fuse} does for a whole label list. Named by its labels joined
 * with '+', e.g. {@code 1} or {@code 1+2}, which is also its column suffix in evaluation CSVs.
 */
public record LabelGroup(int[] labels) {

    public LabelGroup {
        if (labels.length == 0) {
            throw new IllegalArgumentException("a label group needs at least one label");
        }
        labels = labels.clone();
    }

    public static LabelGroup of(int... labels) {
        return new LabelGroup(labels);
    }

    /**
     * Groups from a config value: an int is one label, a list item that is itself a list is a group,
     * e.g. {@code [1, 2, [1, 2]]}. {@code where} names the config key for error messages.
     */
    public static List<LabelGroup> parse(Object value, String where) {
        List<?> items = value instanceof List<?> l ? l : List.of(value);
        return items.stream().map(item -> {
            if (item instanceof List<?> g) {
                return new LabelGroup(g.stream().mapToInt(x -> toLabel(x, where)).toArray());
            }
            return new LabelGroup(new int[] {toLabel(item, where)});
        }).toList();
    }

    private static int toLabel(Object x, String where) {
        if (x instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw PymicException.config(where + ": expected integer labels or lists of them, got '" + x + "'");
    }

    /** True when {@code label} belongs to this group. */
    public boolean contains(int label) {
        for (int l : labels) {
            if (l == label) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** Labels joined with '+'. */
    public String name() {
        return Arrays.stream(labels).mapToObj(Integer::toString).collect(Collectors.joining("+"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelGroup g && Arrays.equals(labels, g.labels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return name();
    }
}
