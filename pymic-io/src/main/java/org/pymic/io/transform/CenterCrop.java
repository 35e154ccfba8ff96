package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;
import org.pymic.io.data.TransformRecord;

/**
 * PyMIC {@code CenterCrop}: crops {@code output_size} at the centre, {@code min = (in - out) / 2}
 * (truncated). A larger output than input pads with zeros. Also the base of the other crops: they
 * choose the box, this class crops, records {@code inputShape} and {@code cropMin}, and inverts by
 * pasting the prediction into a zero volume of the input shape.
 */
public class CenterCrop extends AbstractTransform {
    private final Integer[] outputSize;

    public CenterCrop(Params p) {
        this("CenterCrop", p);
    }

    protected CenterCrop(String name, Params p) {
        super(name, p);
        this.outputSize = intsOrNull(p, "output_size");
    }

    protected Integer[] outputSize() {
        return outputSize;
    }

    /** The box {min, size} to crop, each {D, H, W}. */
    protected int[][] box(Sample s, RandomGenerator rng) {
        int[] in = VolumeOps.spatial(s.image());
        int[] size = target(outputSize, s.image(), "output_size");
        int[] min = new int[3];
        for (int a = 0; a < 3; a++) {
            min[a] = (in[a] - size[a]) / 2;
        }
        return new int[][] {min, size};
    }

    @Override
    public final Sample apply(Sample s, RandomGenerator rng) {
        int[][] box = box(s, rng);
        record(s, "inputShape", VolumeOps.spatial(s.image()), "cropMin", box[0]);
        mapSpatial(s, (v, mode) -> VolumeOps.crop(v, box[0], box[1]));
        return s;
    }

    @Override
    public Volume invert(Volume prediction, TransformRecord record, Interpolation interpolation) {
        return VolumeOps.paste(prediction, ints(record, "inputShape"), ints(record, "cropMin"));
    }
}
