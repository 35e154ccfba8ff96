package org.pymic.io.synth;

import java.util.TreeSet;
import org.pymic.core.image.Volume;

/** Small helpers on one-channel label maps stored as float class indices. */
final class LabelMaps {
    private LabelMaps() {
    }

    static void requireLabelMap(Volume label) {
        if (label.channels() != 1) {
            throw new IllegalArgumentException("a label map must have one channel, got " + label.channels());
        }
    }

    /** The distinct (rounded) label values present, sorted. */
    static TreeSet<Integer> classes(Volume label) {
        TreeSet<Integer> set = new TreeSet<>();
        boolean[] seen = new boolean[256];
        for (float v : label.data()) {
            int c = Math.round(v);
            if (c >= 0 && c < 256) {
                if (!seen[c]) {
                    seen[c] = true;
                    set.add(c);
                }
            } else {
                set.add(c);
            }
        }
        return set;
    }

    /** Dice of class c between two label maps of equal size (1 when both are empty). */
    static double dice(float[] a, float[] b, int c) {
        long inter = 0;
        long na = 0;
        long nb = 0;
        for (int i = 0; i < a.length; i++) {
            boolean x = Math.round(a[i]) == c;
            boolean y = Math.round(b[i]) == c;
            if (x) {
                na++;
            }
            if (y) {
                nb++;
            }
            if (x && y) {
                inter++;
            }
        }
        return na + nb == 0 ? 1.0 : 2.0 * inter / (na + nb);
    }
}
