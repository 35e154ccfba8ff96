package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;

/**
 * PyMIC {@code CropWithBoundingBox}: crops around the bounding box of the voxels where any image
 * channel is above {@code threshold}. Without {@code start} and {@code output_size} the box itself is
 * cropped; with {@code output_size} only, a box of that size centred on it (start clamped at 0);
 * with {@code start}, the box starts there (size = {@code output_size} or the bounding box's size).
 * When no voxel is above the threshold the bounding box is the whole image.
 */
public final class CropWithBoundingBox extends CenterCrop {
    private final Integer[] start;
    private final double threshold;

    public CropWithBoundingBox(Params p) {
        super("CropWithBoundingBox", p);
        this.start = intsOrNull(p, "start");
        this.threshold = p.getDouble("threshold", 1.0);
    }

    @Override
    protected int[][] box(Sample s, RandomGenerator rng) {
        Volume img = s.image();
        int[][] bb = boundingBox(img, threshold);
        int[] bbSize = {bb[1][0] - bb[0][0], bb[1][1] - bb[0][1], bb[1][2] - bb[0][2]};
        int[] size = outputSize() == null ? bbSize : target(outputSize(), img, "output_size");
        int[] min = new int[3];
        if (start == null) {
            for (int a = 0; a < 3; a++) {
                min[a] = outputSize() == null ? bb[0][a]
                        : Math.max(0, (bb[0][a] + bb[1][a]) / 2 - size[a] / 2);
            }
        } else {
            Integer[] full = start.length == 3 ? start : new Integer[] {0, start[0], start[1]};
            for (int a = 0; a < 3; a++) {
                min[a] = full[a] == null ? 0 : full[a];
            }
        }
        return new int[][] {min, size};
    }

    /** {min, max exclusive} over D, H, W of voxels where some channel exceeds {@code t}. */
    static int[][] boundingBox(Volume v, double t) {
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] hi = {-1, -1, -1};
        float[] x = v.data();
        int n = v.voxels();
        int hw = v.height() * v.width();
        for (int i = 0; i < x.length; i++) {
            if (x[i] > t) {
                int j = i % n;
                int[] idx = {j / hw, (j % hw) / v.width(), j % v.width()};
                for (int a = 0; a < 3; a++) {
                    lo[a] = Math.min(lo[a], idx[a]);
                    hi[a] = Math.max(hi[a], idx[a]);
                }
            }
        }
        if (hi[0] < 0) {
            return new int[][] {{0, 0, 0}, VolumeOps.spatial(v)};
        }
        return new int[][] {lo, {hi[0] + 1, hi[1] + 1, hi[2] + 1}};
    }
}
