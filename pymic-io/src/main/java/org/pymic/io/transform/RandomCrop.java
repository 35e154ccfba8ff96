package org.pymic.io.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;

/**
 * PyMIC {@code RandomCrop}: a box of {@code output_size} at a uniform random position (each start
 * in [0, in - out]). With {@code foreground_focus}, with probability {@code foreground_ratio} the box
 * is centred on a random voxel of one random label of {@code mask_label} (default: every foreground
 * label present), then shifted inside the image. An axis shorter than the box is zero-padded
 * around the centre.
 */
public final class RandomCrop extends CenterCrop {
    private final boolean foregroundFocus;
    private final double foregroundRatio;
    private final Integer[] maskLabel;

    public RandomCrop(Params p) {
        super("RandomCrop", p);
        this.foregroundFocus = p.getBool("foreground_focus", false);
        this.foregroundRatio = p.getDouble("foreground_ratio", 0.5);
        this.maskLabel = intsOrNull(p, "mask_label");
    }

    @Override
    protected int[][] box(Sample s, RandomGenerator rng) {
        int[] in = VolumeOps.spatial(s.image());
        int[] size = target(outputSize(), s.image(), "output_size");
        int[] min = new int[3];
        for (int a = 0; a < 3; a++) {
            int margin = in[a] - size[a];
            min[a] = margin > 0 ? rng.nextInt(margin + 1) : margin / 2;
        }
        Volume label = s.label();
        if (foregroundFocus && label != null && label.channels() == 1 && rng.nextDouble() < foregroundRatio) {
            int[] voxel = randomForegroundVoxel(label, rng);
            if (voxel != null) {
                for (int a = 0; a < 3; a++) {
                    int margin = in[a] - size[a];
                    int m = voxel[a] - size[a] / 2;
                    min[a] = margin < 0 ? margin / 2 : Math.max(0, Math.min(m, margin));
                }
            }
        }
        return new int[][] {min, size};
    }

    private int[] randomForegroundVoxel(Volume label, RandomGenerator rng) {
        float[] l = label.data();
        List<Integer> labels = new ArrayList<>();
        if (maskLabel != null) {
            for (Integer m : maskLabel) {
                labels.add(m);
            }
        } else {
            TreeSet<Integer> present = new TreeSet<>();
            for (float v : l) {
                if (v > 0) {
                    present.add(Math.round(v));
                }
            }
            labels.addAll(present);
        }
        if (labels.isEmpty()) {
            return null;
        }
        int chosen = labels.get(rng.nextInt(labels.size()));
        int count = 0;
        for (float v : l) {
            if (Math.round(v) == chosen) {
                count++;
            }
        }
        if (count == 0) {
            return null;
        }
        int k = rng.nextInt(count);
        int hw = label.height() * label.width();
        for (int i = 0; i < l.length; i++) {
            if (Math.round(l[i]) == chosen && k-- == 0) {
                return new int[] {i / hw, (i % hw) / label.width(), i % label.width()};
            }
        }
        return null;
    }
}
