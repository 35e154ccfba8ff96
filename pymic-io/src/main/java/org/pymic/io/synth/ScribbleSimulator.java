package org.pymic.io.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.pymic.core.image.Volume;

/**
 * Turns a dense label map into scribbles in the ACDC scribble format (Valvano et al., "Learning to
 * segment from scribbles using multi-scale adversarial attention gates", IEEE TMI 2021): every class
 * found in the map gets thin strokes (1 or 2 pixels wide) drawn on each slice where it appears, and
 * every other voxel holds the "not annotated" value (the largest label + 1 unless given, 4 for
 * ACDC's 0-3 labels).
 *
 * <p>A stroke imitates what an annotator draws well inside a structure: the class mask of a slice is
 * eroded by up to {@code margin} pixels (at most half its depth), thinned to a skeleton (Zhang-Suen),
 * and a path of at most {@code maxLength} pixels is kept along the largest skeleton branch, starting
 * from the point farthest from a random skeleton pixel. Compact blobs whose skeleton is a dot get a
 * straight stroke along their major axis instead. Strokes are always subsets of the true class.
 */
public final class ScribbleSimulator {
    private static final long STREAM = 2;

    private final Integer unannotated;
    private final int strokeWidth;
    private final double margin;
    private final double lengthFraction;

    private ScribbleSimulator(Builder b) {
        this.unannotated = b.unannotated;
        this.strokeWidth = b.strokeWidth;
        this.margin = b.margin;
        this.lengthFraction = b.lengthFraction;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The "not annotated" value used for {@code label}: the configured one or max label + 1. */
    public int unannotatedValue(Volume label) {
        if (unannotated != null) {
            return unannotated;
        }
        return LabelMaps.classes(label).last() + 1;
    }

    /** Scribbles of a one-channel label map; the result has the label's geometry and header. */
    public Volume simulate(Volume label, long seed) {
        LabelMaps.requireLabelMap(label);
        int h = label.height();
        int w = label.width();
        int hw = h * w;
        int none = unannotatedValue(label);
        TreeSet<Integer> classes = LabelMaps.classes(label);
        SplittableRandom r = CaseRandom.of(seed, 0, STREAM);
        float[] out = new float[label.voxels()];
        java.util.Arrays.fill(out, none);
        float[] lab = label.data();
        int maxLength = Math.max(3, (int) Math.round(lengthFraction * (h + w) / 2.0));
        for (int z = 0; z < label.depth(); z++) {
            for (int c : classes) {
                boolean[] m = new boolean[hw];
                boolean any = false;
                for (int i = 0; i < hw; i++) {
                    m[i] = Math.round(lab[z * hw + i]) == c;
                    any |= m[i];
                }
                if (!any) {
                    continue;
                }
                for (int i : stroke(m, h, w, maxLength, r)) {
                    out[z * hw + i] = c;
                }
            }
        }
        return label.withData(out, 1);
    }

    private List<Integer> stroke(boolean[] m, int h, int w, int maxLength, SplittableRandom r) {
        double[] depth2 = SliceMorphology.squaredDepth(m, h, w);
        double maxDepth2 = 0;
        for (double d : depth2) {
            maxDepth2 = Math.max(maxDepth2, d);
        }
        double rad = Math.min(margin, 0.5 * Math.sqrt(maxDepth2));
        boolean[] core = new boolean[h * w];
        for (int i = 0; i < core.length; i++) {
            core[i] = m[i] && (depth2[i] > rad * rad || depth2[i] >= maxDepth2);
        }
        boolean[] skel = Skeleton.thin(core, h, w);
        List<Integer> path = longestPiece(skel, h, w, maxLength, r);
        if (path.size() < Math.max(3, Math.sqrt(maxDepth2))) {
            path = axisStroke(core, h, w, maxLength);
        }
        if (strokeWidth < 2) {
            return path;
        }
        List<Integer> wide = new ArrayList<>(path);
        boolean[] in = new boolean[h * w];
        for (int i : path) {
            in[i] = true;
        }
        for (int i : path) {
            int x = i % w;
            int j = x + 1 < w && m[i + 1] ? i + 1 : (x > 0 && m[i - 1] ? i - 1 : -1);
            if (j >= 0 && !in[j]) {
                in[j] = true;
                wide.add(j);
            }
        }
        return wide;
    }

    /** A path of at most maxLength skeleton pixels from a far end of a random skeleton branch. */
    private static List<Integer> longestPiece(boolean[] skel, int h, int w, int maxLength, SplittableRandom r) {
        List<Integer> pixels = new ArrayList<>();
        for (int i = 0; i < skel.length; i++) {
            if (skel[i]) {
                pixels.add(i);
            }
        }
        List<Integer> path = new ArrayList<>();
        if (pixels.isEmpty()) {
            return path;
        }
        int seed = pixels.get(r.nextInt(pixels.size()));
        int[] d = Skeleton.geodesic(skel, h, w, seed);
        int far = seed;
        for (int i : pixels) {
            if (d[i] > d[far]) {
                far = i;
            }
        }
        int[] d2 = Skeleton.geodesic(skel, h, w, far);
        for (int i : pixels) {
            if (d2[i] >= 0 && d2[i] < maxLength) {
                path.add(i);
            }
        }
        return path;
    }

    /** A straight stroke through the deepest part of a blob along its major axis, clipped to it. */
    private static List<Integer> axisStroke(boolean[] core, int h, int w, int maxLength) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int i = 0; i < core.length; i++) {
            if (core[i]) {
                sx += i % w;
                sy += i / w;
                n++;
            }
        }
        double mx = sx / n;
        double my = sy / n;
        double cxx = 0;
        double cyy = 0;
        double cxy = 0;
        int best = -1;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < core.length; i++) {
            if (core[i]) {
                double dx = i % w - mx;
                double dy = i / w - my;
                cxx += dx * dx;
                cyy += dy * dy;
                cxy += dx * dy;
                if (dx * dx + dy * dy < bestD) {
                    bestD = dx * dx + dy * dy;
                    best = i;
                }
            }
        }
        double angle = 0.5 * Math.atan2(2 * cxy, cxx - cyy);
        double ux = Math.cos(angle);
        double uy = Math.sin(angle);
        boolean[] taken = new boolean[core.length];
        List<Integer> path = new ArrayList<>();
        path.add(best);
        taken[best] = true;
        for (int sign = -1; sign <= 1; sign += 2) {
            for (double t = 0.5; t < maxLength / 2.0; t += 0.5) {
                int x = (int) Math.round(best % w + sign * t * ux);
                int y = (int) Math.round(best / w + sign * t * uy);
                if (x < 0 || y < 0 || x >= w || y >= h || !core[y * w + x]) {
                    break;
                }
                if (!taken[y * w + x]) {
                    taken[y * w + x] = true;
                    path.add(y * w + x);
                }
            }
        }
        return path;
    }

    /** Builder of {@link ScribbleSimulator}: 1-pixel strokes, 3-pixel margin, strokes up to (H+W)/2 long. */
    public static final class Builder {
        private Integer unannotated;
        private int strokeWidth = 1;
        private double margin = 3;
        private double lengthFraction = 1.0;

        /** The value of voxels without annotation; by default the largest label + 1. */
        public Builder unannotatedValue(int value) {
            this.unannotated = value;
            return this;
        }

        /** Stroke width in pixels, 1 or 2. */
        public Builder strokeWidth(int width) {
            if (width < 1 || width > 2) {
                throw new IllegalArgumentException("stroke width must be 1 or 2, got " + width);
            }
            this.strokeWidth = width;
            return this;
        }

        /** Largest erosion (pixels) between a stroke and the structure's boundary. */
        public Builder margin(double pixels) {
            this.margin = pixels;
            return this;
        }

        /** Longest stroke per class and slice, as a fraction of (H + W) / 2. */
        public Builder lengthFraction(double fraction) {
            this.lengthFraction = fraction;
            return this;
        }

        public ScribbleSimulator build() {
            return new ScribbleSimulator(this);
        }
    }
}
