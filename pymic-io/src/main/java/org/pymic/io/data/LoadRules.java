package org.pymic.io.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeSet;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.io.transform.LabelConvert;
import org.pymic.io.transform.LabelConvertNonzero;
import org.pymic.io.transform.PartialLabelToProbability;
import org.pymic.io.transform.TransformChain;

/**
 * What a {@link SegmentationDataset} refuses when it reads a case, before any transform, so that no case
 * trains or is segmented on values the run would misread:
 * <ul>
 *   <li>image and pixel-weight values that are NaN or infinite ({@code [dataset] nonfinite_policy}:
 *       {@code refuse}, the default, names the file and the count; {@code zero} reads them as 0);</li>
 *   <li>label values outside {@code [0, class_num)} (they would become all-zero one-hot rows), or outside
 *       {@code [0, class_num]} for partial labels (scribbles), where {@code class_num} means "not annotated":
 *       lists whose transforms end in {@code PartialLabelToProbability}, or weakly supervised training.
 *       Labels that go through {@code LabelConvert} or {@code LabelConvertNonzero} are remapped by the
 *       config and are not checked.</li>
 * </ul>
 *
 * @param nonFinite what non-finite image values become
 * @param maxLabel the largest accepted label value, or -1 when labels are not checked
 * @param notAnnotated the label value that means "not annotated", or -1 when there is none
 */
public record LoadRules(NonFinite nonFinite, int maxLabel, int notAnnotated) {
    /** The {@code [dataset]} key of the non-finite policy. */
    public static final String NONFINITE_KEY = "nonfinite_policy";

    /** Refuses non-finite values and does not check labels (a dataset built without a config). */
    public static final LoadRules DEFAULT = new LoadRules(NonFinite.REFUSE, -1, -1);

    /** What non-finite image values become. */
    public enum NonFinite {
        /** The case is refused with the file and the count. */
        REFUSE,
        /** They are read as 0. */
        ZERO
    }

    /** The policy of {@code [dataset] nonfinite_policy} (default {@code refuse}). */
    public static NonFinite nonFinite(ConfigSection ds) {
        String v = ds.getString(NONFINITE_KEY, "refuse");
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "refuse" -> NonFinite.REFUSE;
            case "zero" -> NonFinite.ZERO;
            default -> throw new PymicException(ExitCode.CONFIG, ds.entry(NONFINITE_KEY).map(e -> e.location())
                    .orElse(ds.location()) + ": [dataset] " + NONFINITE_KEY + " expects refuse or zero, got '" + v + "'");
        };
    }

    /** The rules of an image-only list ({@code test_csv}): the non-finite policy, no label check. */
    public static LoadRules images(ConfigSection ds) {
        return new LoadRules(nonFinite(ds), -1, -1);
    }

    /**
     * The rules of a labelled list read through {@code chain}; {@code partial} says that its labels may
     * hold {@code classNum} as "not annotated" even without {@code PartialLabelToProbability}.
     */
    public static LoadRules labelled(ConfigSection ds, int classNum, TransformChain chain, boolean partial) {
        NonFinite nf = nonFinite(ds);
        boolean remapped = chain.transforms().stream()
                .anyMatch(t -> t instanceof LabelConvert || t instanceof LabelConvertNonzero);
        if (remapped || classNum < 1) {
            return new LoadRules(nf, -1, -1);
        }
        boolean p = partial || chain.transforms().stream().anyMatch(t -> t instanceof PartialLabelToProbability);
        return new LoadRules(nf, p ? classNum : classNum - 1, p ? classNum : -1);
    }

    /** {@code v} read from {@code file}, its non-finite values refused or set to 0. */
    Volume image(Volume v, Path file, String where, String what) {
        float[] d = v.data();
        int bad = 0;
        for (float x : d) {
            if (!Float.isFinite(x)) {
                bad++;
            }
        }
        if (bad == 0) {
            return v;
        }
        if (nonFinite == NonFinite.REFUSE) {
            throw PymicException.input(where + ": " + what + " " + file + " has " + bad + " non-finite value(s) (NaN or"
                    + " infinite) of " + d.length + "; fix the file, or set [dataset] " + NONFINITE_KEY
                    + " = zero to read them as 0");
        }
        float[] out = d.clone();
        for (int i = 0; i < out.length; i++) {
            if (!Float.isFinite(out[i])) {
                out[i] = 0f;
            }
        }
        return v.withData(out, v.channels());
    }

    /** Refuses a label map with values outside the accepted classes, naming the file and the values. */
    void label(Volume label, Path file, String where) {
        if (maxLabel < 0) {
            return;
        }
        TreeSet<Float> values = new TreeSet<>();
        long count = 0;
        for (float x : label.data()) {
            if (!Float.isFinite(x) || Math.round(x) < 0 || Math.round(x) > maxLabel) {
                count++;
                if (values.size() < 10) {
                    values.add(x);
                }
            }
        }
        if (count == 0) {
            return;
        }
        StringBuilder shown = new StringBuilder();
        for (float x : values) {
            shown.append(shown.length() == 0 ? "" : ", ").append(x == Math.rint(x) ? String.valueOf((long) x) : x);
        }
        throw PymicException.data(where + ": label " + file + " has " + count + " voxel(s) with value(s) [" + shown
                + "] outside 0.." + (notAnnotated >= 0 ? (maxLabel - 1) + " and " + notAnnotated + " (not annotated)"
                        : String.valueOf(maxLabel)) + " for [network] class_num = " + (notAnnotated >= 0 ? maxLabel
                        : maxLabel + 1) + "; such voxels would train as no class");
    }
}
