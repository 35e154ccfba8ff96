package org.pymic.train.infer;

import java.util.List;
import org.pymic.core.image.Volume;
import org.pymic.core.label.Components;
import org.pymic.core.label.ConnectedComponents;
import org.pymic.core.label.Connectivity;
import org.pymic.core.label.Grid;

/**
 * PyMIC's {@code KeepLargestComponent} post-processing: for each listed class (all foreground classes
 * present when {@code KeepLargestComponent_class_list} is None) only the largest face-connected
 * component (scipy's default structure) is kept; its other voxels become background (0).
 */
public final class KeepLargestComponent implements PostProcessor {
    private final List<Integer> classes;

    /** @param classes classes to clean, or null for every foreground class */
    public KeepLargestComponent(List<Integer> classes) {
        this.classes = classes == null ? null : List.copyOf(classes);
    }

    @Override
    public Volume apply(Volume labels) {
        float[] in = labels.data();
        float[] out = in.clone();
        int max = 0;
        for (float v : in) {
            max = Math.max(max, (int) v);
        }
        List<Integer> todo = classes;
        if (todo == null) {
            todo = new java.util.ArrayList<>();
            for (int c = 1; c <= max; c++) {
                todo.add(c);
            }
        }
        Grid grid = Grid.of(labels.depth(), labels.height(), labels.width());
        int n = labels.voxels();
        for (int c : todo) {
            boolean[] mask = new boolean[n];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                mask[i] = (int) in[i] == c;
                any |= mask[i];
            }
            if (!any) {
                continue;
            }
            Components comp = ConnectedComponents.label(mask, grid, Connectivity.FACE);
            int keep = comp.largest();
            int[] lab = comp.labels();
            for (int i = 0; i < n; i++) {
                if (mask[i] && lab[i] != keep) {
                    out[i] = 0;
                }
            }
        }
        return labels.withData(out, labels.channels());
    }
}
