package org.pymic.train.infer;

import java.util.ArrayList;
import java.util.List;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.label.Components;
import org.pymic.core.label.ConnectedComponents;
import org.pymic.core.label.Connectivity;
import org.pymic.core.label.Grid;

/**
 * PyMIC's {@code KeepLargestComponent} post-processing, with face-connected components (scipy's default
 * structure) of the whole label volume. {@code KeepLargestComponent_mode} ([testing]) chooses the rule:
 * <ul>
 *   <li>1 (PyMIC's default): the largest component of the union of all foreground classes is kept, each of
 *       its voxels with its class; every other foreground voxel becomes background. A class found only
 *       outside that component disappears.</li>
 *   <li>2: for each class, only its own largest component is kept.</li>
 *   <li>3 (pymic's, not PyMIC's): for each class, its largest component among those lying inside the
 *       foreground's largest component; when none does, its own largest component. Like mode 1 it drops
 *       a class's islands away from the main structure, but it never deletes a class the network found.</li>
 * </ul>
 * A class component is connected within the foreground, so it lies either wholly inside one foreground
 * component or outside it: "inside" is exact. {@code KeepLargestComponent_class_list} (pymic's) limits
 * which classes are cleaned (None: all); voxels of unlisted classes are kept as predicted in every mode.
 */
public final class KeepLargestComponent implements PostProcessor {
    /** The modes {@code KeepLargestComponent_mode} accepts. */
    public static final int UNION = 1;
    public static final int PER_CLASS = 2;
    public static final int PER_CLASS_IN_UNION = 3;

    private final int mode;
    private final List<Integer> classes;

    /**
     * @param mode {@link #UNION}, {@link #PER_CLASS} or {@link #PER_CLASS_IN_UNION}
     * @param classes classes to clean, or null for every foreground class
     */
    public KeepLargestComponent(int mode, List<Integer> classes) {
        if (mode < UNION || mode > PER_CLASS_IN_UNION) {
            throw PymicException.config("[testing] KeepLargestComponent_mode expects 1 (largest component of the"
                    + " foreground union, PyMIC's default), 2 (per class) or 3 (per class, inside the union's"
                    + " largest component when possible), got " + mode);
        }
        this.mode = mode;
        this.classes = classes == null ? null : List.copyOf(classes);
    }

    /** PyMIC's default, mode 1, for every foreground class. */
    public KeepLargestComponent() {
        this(UNION, null);
    }

    @Override
    public Volume apply(Volume labels) {
        float[] in = labels.data();
        float[] out = in.clone();
        int n = labels.voxels();
        Grid grid = Grid.of(labels.depth(), labels.height(), labels.width());
        boolean[] inUnion = null;
        if (mode != PER_CLASS) {
            boolean[] fg = new boolean[n];
            for (int i = 0; i < n; i++) {
                fg[i] = (int) in[i] > 0;
            }
            Components comp = ConnectedComponents.label(fg, grid, Connectivity.FACE);
            inUnion = comp.largest() == 0 ? fg : comp.mask(comp.largest());
        }
        for (int c : classesIn(in)) {
            boolean[] mask = new boolean[n];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                mask[i] = (int) in[i] == c;
                any |= mask[i];
            }
            if (!any) {
                continue;
            }
            if (mode == UNION) {
                for (int i = 0; i < n; i++) {
                    if (mask[i] && !inUnion[i]) {
                        out[i] = 0;
                    }
                }
                continue;
            }
            Components comp = ConnectedComponents.label(mask, grid, Connectivity.FACE);
            int keep = comp.largest();
            if (mode == PER_CLASS_IN_UNION) {
                int inside = largestInside(comp, inUnion);
                if (inside != 0) {
                    keep = inside;
                }
            }
            int[] lab = comp.labels();
            for (int i = 0; i < n; i++) {
                if (mask[i] && lab[i] != keep) {
                    out[i] = 0;
                }
            }
        }
        return labels.withData(out, labels.channels());
    }

    /** The largest component (first on ties) with a voxel in {@code region}, or 0 when none has one. */
    private static int largestInside(Components comp, boolean[] region) {
        int[] lab = comp.labels();
        boolean[] touches = new boolean[comp.count() + 1];
        for (int i = 0; i < lab.length; i++) {
            if (lab[i] != 0 && region[i]) {
                touches[lab[i]] = true;
            }
        }
        int best = 0;
        for (int k = 1; k <= comp.count(); k++) {
            if (touches[k] && (best == 0 || comp.size(k) > comp.size(best))) {
                best = k;
            }
        }
        return best;
    }

    private List<Integer> classesIn(float[] in) {
        if (classes != null) {
            return classes;
        }
        int max = 0;
        for (float v : in) {
            max = Math.max(max, (int) v);
        }
        List<Integer> all = new ArrayList<>();
        for (int c = 1; c <= max; c++) {
            all.add(c);
        }
        return all;
    }
}
