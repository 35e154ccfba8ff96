package org.pymic.train;

import java.util.List;
import java.util.Locale;
import org.pymic.core.image.Volume;

/**
 * One validation case after the validation transforms: image (C,D,H,W) and label (1,D,H,W class indices,
 * -1 where the label leaves a voxel unannotated). {@link ClassDice} scores only annotated voxels, so a
 * partially labelled (scribble) validation list gives Dice on the annotated voxels, nnU-Net's ignore-label
 * convention, while a dense list is scored everywhere.
 */
public record ValidationCase(String name, Volume image, Volume label) {
    /** The label value of an unannotated voxel. */
    public static final float NOT_ANNOTATED = -1f;

    /** Voxels the label leaves unannotated. */
    public long unannotatedVoxels() {
        long n = 0;
        for (float v : label.data()) {
            if (v < 0) {
                n++;
            }
        }
        return n;
    }

    /** What validation of these cases measures, for the run log: dense labels or annotated voxels only. */
    public static String describe(List<ValidationCase> cases) {
        long total = 0;
        long missing = 0;
        int partial = 0;
        for (ValidationCase c : cases) {
            long u = c.unannotatedVoxels();
            total += c.label().voxels();
            missing += u;
            partial += u > 0 ? 1 : 0;
        }
        if (missing == 0) {
            return "validation: " + cases.size() + " case(s) with dense labels, Dice over every voxel";
        }
        return String.format(Locale.ROOT, "validation: %d of %d case(s) partially annotated (%.1f%% of all voxels"
                + " annotated); Dice on the annotated voxels only (ignore-label convention), not a dense Dice",
                partial, cases.size(), 100.0 * (total - missing) / total);
    }
}
