package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;
import org.pymic.io.data.TransformRecord;

/**
 * PyMIC {@code Pad}: pads image, label and weight (numpy {@code reflect} mode, as PyMIC) to at least
 * {@code output_size}, the margin split as {@code lower = margin / 2}, {@code upper = margin - lower}.
 * With {@code ceil_mode} the size becomes the next multiple of {@code output_size}. Inverse: crop.
 */
public final class Pad extends AbstractTransform {
    private final Integer[] outputSize;
    private final boolean ceilMode;

    public Pad(Params p) {
        super("Pad", p);
        this.outputSize = intsOrNull(p, "output_size");
        this.ceilMode = p.getBool("ceil_mode", false);
    }

    @Override
    public Sample apply(Sample s, RandomGenerator rng) {
        int[] in = VolumeOps.spatial(s.image());
        int[] want = target(outputSize, s.image(), "output_size");
        int[] lower = new int[3];
        int[] upper = new int[3];
        for (int a = 0; a < 3; a++) {
            int size = want[a];
            if (ceilMode && size > 0) {
                size = (int) Math.ceil((double) in[a] / size) * size;
            }
            int margin = Math.max(0, size - in[a]);
            lower[a] = margin / 2;
            upper[a] = margin - lower[a];
        }
        record(s, "lower", lower, "upper", upper);
        if (lower[0] + lower[1] + lower[2] + upper[0] + upper[1] + upper[2] > 0) {
            mapSpatial(s, (v, mode) -> VolumeOps.padReflect(v, lower, upper));
        }
        return s;
    }

    @Override
    public Volume invert(Volume prediction, TransformRecord record, Interpolation interpolation) {
        int[] lower = ints(record, "lower");
        int[] upper = ints(record, "upper");
        int[] s = VolumeOps.spatial(prediction);
        int[] size = {s[0] - lower[0] - upper[0], s[1] - lower[1] - upper[1], s[2] - lower[2] - upper[2]};
        return VolumeOps.crop(prediction, lower, size);
    }
}
