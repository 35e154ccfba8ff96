package org.pymic.io.synth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;

/**
 * The label-noise model of PyMIC's JSRT noisy-label example ({@code seg_noisy_label/JSRT/noise_simulate.py}
 * of PyMIC_examples): each structure of a corrupted case gets, with probability 0.35, a binary dilation by
 * {@code r} iterations of the 4-neighbour cross (scipy's {@code binary_dilation(iterations = r)}: the
 * pixels within city-block distance {@code r}), with probability 0.35 an erosion by {@code r} iterations
 * (outside the image counts as background), else an edge distortion: discs of radius {@code r}
 * ({@code dx^2 + dy^2 < r^2}) centred on 10% of the outer edge pixels (the one-iteration dilation minus
 * the mask) are added, then discs centred on 10% of the new mask's outer edge are removed, each disc with
 * its own radius. Every {@code r} is drawn uniformly from the structure's declared range, bounds included.
 *
 * <p>For multi-class labels each structure (label != 0, ascending) draws its own operation and radius;
 * the new mask takes the structure's label (over other structures) and pixels it gives up take the
 * label of a neighbour outside it, so no holes appear. Volumes are corrupted slice by slice in-plane with
 * one operation and radius per structure and case (edge discs are drawn per slice). Results depend only
 * on the label and the seed.
 *
 * <p>Presets: {@code jsrt}, radii 6 to 9 pixels for every structure (PyMIC's lungs on 256 x 256 images;
 * the script's main uses 6 to 12); {@code acdc}, radii per structure chosen so that every structure stays
 * present where it was: right ventricle 1-4, myocardium 1-2 (about 8 pixels thick, eroded from both
 * sides), left ventricle 1-3. Whatever the radii, a structure present in a slice stays present: an
 * erosion that would remove it uses the largest radius that leaves a pixel, an edge distortion that
 * would remove it leaves it unchanged, and a structure grown over another one that it would cover
 * entirely leaves that one in place (PyMIC's binary lungs never meet these cases at its radii).
 */
public final class MorphologicalNoise {
    private static final long STREAM = 5;

    /** An inclusive range of radii in pixels. */
    public record Range(int min, int max) {
        public Range {
            if (min < 1 || max < min) {
                throw new IllegalArgumentException("radius range must satisfy 1 <= min <= max, got " + min + "-" + max);
            }
        }

        /** Parses {@code 6-9} (or a single radius {@code 6}). */
        public static Range parse(String s) {
            String t = s.trim();
            int dash = t.indexOf('-', 1);
            try {
                if (dash < 0) {
                    int r = Integer.parseInt(t);
                    return new Range(r, r);
                }
                return new Range(Integer.parseInt(t.substring(0, dash).trim()), Integer.parseInt(t.substring(dash + 1).trim()));
            } catch (IllegalArgumentException e) {
                throw new PymicException(ExitCode.USAGE, "radius range '" + s + "': expected MIN-MAX with 1 <= MIN <= MAX, e.g. 6-9");
            }
        }

        int draw(SplittableRandom r) {
            return min + r.nextInt(max - min + 1);
        }

        @Override
        public String toString() {
            return min + "-" + max;
        }
    }

    /** What happens to one structure. */
    public enum Operation {
        DILATION, EROSION, EDGE_DISTORTION;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * The change of one structure of a case: its operation and radius (the edge distortion draws a radius
     * per disc from {@code range}), and the Dice of the structure against the clean label afterwards.
     */
    public record Change(int structure, Operation operation, int radius, Range range, double dice) {
    }

    /** A corrupted label map and what was done to each structure, in label order. */
    public record Outcome(Volume label, List<Change> changes) {
        /** Mean Dice over the structures (1 when the label has none). */
        public double meanDice() {
            return changes.stream().mapToDouble(Change::dice).average().orElse(1.0);
        }
    }

    private final String name;
    private final Range defaultRange;
    private final Map<Integer, Range> ranges;
    private final double pDilation;
    private final double pErosion;
    private final double edgeRatio;

    private MorphologicalNoise(String name, Range defaultRange, Map<Integer, Range> ranges, double pDilation,
            double pErosion, double edgeRatio) {
        this.name = name;
        this.defaultRange = defaultRange;
        this.ranges = Collections.unmodifiableMap(new TreeMap<>(ranges));
        this.pDilation = pDilation;
        this.pErosion = pErosion;
        this.edgeRatio = edgeRatio;
    }

    /** PyMIC's JSRT model: every structure's radii 6 to 9 pixels. */
    public static MorphologicalNoise jsrt() {
        return new MorphologicalNoise("jsrt", new Range(6, 9), Map.of(), 0.35, 0.35, 0.1);
    }

    /** The JSRT model scaled to ACDC's short-axis slices: RV 1-4, myocardium 1-2, LV 1-3 pixels. */
    public static MorphologicalNoise acdc() {
        return new MorphologicalNoise("acdc", new Range(1, 3),
                Map.of(1, new Range(1, 4), 2, new Range(1, 2), 3, new Range(1, 3)), 0.35, 0.35, 0.1);
    }

    /** A preset by name: {@code jsrt} or {@code acdc}. */
    public static MorphologicalNoise preset(String preset) {
        switch (preset.toLowerCase(Locale.ROOT)) {
            case "jsrt": return jsrt();
            case "acdc": return acdc();
            default:
                throw new PymicException(ExitCode.USAGE, "noise preset '" + preset + "': expected jsrt or acdc");
        }
    }

    /** This model with every structure's radii in {@code range}. */
    public MorphologicalNoise withRange(Range range) {
        return new MorphologicalNoise(name + " (radius " + range + ")", range, Map.of(), pDilation, pErosion, edgeRatio);
    }

    public String name() {
        return name;
    }

    /** The radius range of a structure. */
    public Range range(int structure) {
        return ranges.getOrDefault(structure, defaultRange);
    }

    /** The declared ranges, for the log: {@code all 6-9} or {@code 1: 1-4, 2: 1-2, 3: 1-3}. */
    public String describeRanges() {
        if (ranges.isEmpty()) {
            return "all structures " + defaultRange;
        }
        List<String> l = new ArrayList<>();
        ranges.forEach((k, v) -> l.add(k + ": " + v));
        return String.join(", ", l) + ", others " + defaultRange;
    }

    /** A corrupted copy of a one-channel label map, with the label's geometry and header. */
    public Outcome corrupt(Volume label, long seed) {
        LabelMaps.requireLabelMap(label);
        SplittableRandom r = CaseRandom.of(seed, 0, STREAM);
        float[] truth = label.data();
        float[] cur = truth.clone();
        int d = label.depth();
        int h = label.height();
        int w = label.width();
        int hw = h * w;
        Map<Integer, Operation> ops = new LinkedHashMap<>();
        Map<Integer, Integer> radii = new LinkedHashMap<>();
        for (int c : LabelMaps.classes(label)) {
            if (c == 0) {
                continue;
            }
            double p = r.nextDouble();
            Operation op = p < pDilation ? Operation.DILATION : p < pDilation + pErosion ? Operation.EROSION
                    : Operation.EDGE_DISTORTION;
            int radius = op == Operation.EDGE_DISTORTION ? 0 : range(c).draw(r);
            ops.put(c, op);
            radii.put(c, radius);
            for (int z = 0; z < d; z++) {
                boolean[] m = new boolean[hw];
                boolean any = false;
                for (int i = 0; i < hw; i++) {
                    m[i] = Math.round(cur[z * hw + i]) == c;
                    any |= m[i];
                }
                if (!any) {
                    continue;
                }
                boolean[] t = switch (op) {
                    case DILATION -> dilate(m, h, w, radius);
                    case EROSION -> erodeKeepingSome(m, h, w, radius);
                    default -> edgeDistort(m, h, w, range(c), edgeRatio, r);
                };
                if (SliceMorphology.count(t) == 0) {
                    t = m;
                }
                protectOthers(t, cur, z * hw, c);
                Perturbation.assign(cur, z * hw, h, w, c, t);
            }
        }
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<Integer, Operation> e : ops.entrySet()) {
            int c = e.getKey();
            changes.add(new Change(c, e.getValue(), radii.get(c), range(c), LabelMaps.dice(truth, cur, c)));
        }
        return new Outcome(label.withData(cur, 1), List.copyOf(changes));
    }

    /** Erosion by {@code r}, or by the largest smaller radius that leaves a pixel. */
    static boolean[] erodeKeepingSome(boolean[] m, int h, int w, int r) {
        for (int k = r; k >= 1; k--) {
            boolean[] t = erode(m, h, w, k);
            if (SliceMorphology.count(t) > 0) {
                return t;
            }
        }
        return m;
    }

    /** Takes out of {@code t} every other structure of the slice that {@code t} would cover entirely. */
    static void protectOthers(boolean[] t, float[] lab, int off, int c) {
        Map<Integer, int[]> seen = new TreeMap<>();
        for (int i = 0; i < t.length; i++) {
            int v = Math.round(lab[off + i]);
            if (v != 0 && v != c) {
                int[] n = seen.computeIfAbsent(v, k -> new int[2]);
                n[0]++;
                n[1] += t[i] ? 1 : 0;
            }
        }
        for (Map.Entry<Integer, int[]> e : seen.entrySet()) {
            if (e.getValue()[0] == e.getValue()[1]) {
                for (int i = 0; i < t.length; i++) {
                    if (Math.round(lab[off + i]) == e.getKey()) {
                        t[i] = false;
                    }
                }
            }
        }
    }

    /** {@code r} iterations of 4-neighbour dilation: pixels within city-block distance r of the mask. */
    static boolean[] dilate(boolean[] m, int h, int w, int r) {
        boolean[] cur = m.clone();
        for (int it = 0; it < r; it++) {
            boolean[] next = cur.clone();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    if (!cur[i] && (x > 0 && cur[i - 1] || x + 1 < w && cur[i + 1] || y > 0 && cur[i - w]
                            || y + 1 < h && cur[i + w])) {
                        next[i] = true;
                    }
                }
            }
            cur = next;
        }
        return cur;
    }

    /** {@code r} iterations of 4-neighbour erosion; pixels outside the image count as background. */
    static boolean[] erode(boolean[] m, int h, int w, int r) {
        boolean[] cur = m.clone();
        for (int it = 0; it < r; it++) {
            boolean[] next = cur.clone();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    if (cur[i] && !(x > 0 && cur[i - 1] && x + 1 < w && cur[i + 1] && y > 0 && cur[i - w]
                            && y + 1 < h && cur[i + w])) {
                        next[i] = false;
                    }
                }
            }
            cur = next;
        }
        return cur;
    }

    /** The outer edge: one dilation iteration minus the mask. */
    static boolean[] outerEdge(boolean[] m, int h, int w) {
        boolean[] d = dilate(m, h, w, 1);
        for (int i = 0; i < d.length; i++) {
            d[i] &= !m[i];
        }
        return d;
    }

    /**
     * Discs ({@code dx^2 + dy^2 < r^2}, one radius per disc from {@code range}) centred on
     * {@code floor(ratio * edge pixels)} distinct outer-edge pixels chosen at random.
     */
    static boolean[] discsOnEdge(boolean[] m, int h, int w, Range range, double ratio, SplittableRandom r) {
        boolean[] edge = outerEdge(m, h, w);
        int[] idx = new int[SliceMorphology.count(edge)];
        int n = 0;
        for (int i = 0; i < edge.length; i++) {
            if (edge[i]) {
                idx[n++] = i;
            }
        }
        int k = (int) (n * ratio);
        for (int i = 0; i < k; i++) {
            int j = i + r.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        boolean[] mask = new boolean[h * w];
        for (int s = 0; s < k; s++) {
            int yi = idx[s] / w;
            int xi = idx[s] % w;
            int rad = range.draw(r);
            for (int dy = -rad + 1; dy < rad; dy++) {
                for (int dx = -rad + 1; dx < rad; dx++) {
                    int yt = yi + dy;
                    int xt = xi + dx;
                    if (yt >= 0 && yt < h && xt >= 0 && xt < w && dx * dx + dy * dy < rad * rad) {
                        mask[yt * w + xt] = true;
                    }
                }
            }
        }
        return mask;
    }

    /** Discs on the edge added, then discs on the new edge removed. */
    static boolean[] edgeDistort(boolean[] m, int h, int w, Range range, double ratio, SplittableRandom r) {
        boolean[] add = discsOnEdge(m, h, w, range, ratio, r);
        boolean[] out = new boolean[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i] || add[i];
        }
        boolean[] remove = discsOnEdge(out, h, w, range, ratio, r);
        for (int i = 0; i < m.length; i++) {
            out[i] &= !remove[i];
        }
        return out;
    }
}
