package org.pymic.io.eval;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of the further maps {@code pymic infer} writes beside a label map {@code <stem><ext>}:
 * class probabilities {@code <stem>_prob_<c><ext>} ({@code save_probability}) and DMSPS's test-mode maps
 * {@code <stem>_predaux}, {@code _uncertainty} and {@code _seeds_expand} ({@code dmsps_test_mode = 1}).
 * Evaluation by folder skips them, so that an inference folder can be evaluated as it is.
 */
public final class OutputMaps {
    public static final String PROBABILITY = "_prob_";
    public static final String BRANCH2_LABELS = "_predaux";
    public static final String UNCERTAINTY = "_uncertainty";
    public static final String SEEDS = "_seeds_expand";
    private static final List<String> SUFFIXES = List.of(BRANCH2_LABELS, UNCERTAINTY, SEEDS);
    private static final Pattern PROB = Pattern.compile("(.+)" + PROBABILITY + "\\d+");

    private OutputMaps() {
    }

    /**
     * The label map's stem that {@code stem} (a file name without its extension) is a further map of, or
     * null when the name is not one of them.
     */
    public static String labelMapStem(String stem) {
        Matcher m = PROB.matcher(stem);
        if (m.matches()) {
            return m.group(1);
        }
        for (String s : SUFFIXES) {
            if (stem.endsWith(s) && stem.length() > s.length()) {
                return stem.substring(0, stem.length() - s.length());
            }
        }
        return null;
    }
}
