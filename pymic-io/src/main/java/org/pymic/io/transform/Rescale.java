package org.pymic.io.transform;

import java.util.List;
import java.util.random.RandomGenerator;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;
import org.pymic.io.data.TransformRecord;

/**
 * PyMIC {@code Rescale}: resizes to {@code output_size} ([H, W] or [D, H, W], None keeps an axis);
 * a single integer matches the shortest in-plane (2D) or spatial (3D) axis to it keeping the aspect
 * ratio. Interpolation follows {@code ndimage.zoom} (linear for images, nearest for label maps).
 * Also the base of {@link RandomRescale} and {@link Resample}: records {@code originShape} and
 * inverts by resizing the prediction back to it.
 */
public class Rescale extends AbstractTransform {
    private final List<?> outputSize;

    public Rescale(Params p) {
        this("Rescale", p);
    }

    protected Rescale(String name, Params p) {
        super(name, p);
        this.outputSize = name.equals("Rescale") ? p.getList("output_size") : null;
    }

    /** The new spatial shape {D, H, W}, or null to leave the sample unchanged. */
    protected int[] newShape(Sample s, RandomGenerator rng) {
        Volume img = s.image();
        int[] in = VolumeOps.spatial(img);
        if (outputSize.size() == 1 && outputSize.get(0) instanceof Number n) {
            boolean flat = in[0] == 1;
            int minEdge = flat ? Math.min(in[1], in[2]) : Math.min(in[0], Math.min(in[1], in[2]));
            int[] out = in.clone();
            for (int a = flat ? 1 : 0; a < 3; a++) {
                out[a] = (int) Math.round(n.doubleValue() * in[a] / minEdge);
            }
            return out;
        }
        Integer[] size = new Integer[outputSize.size()];
        for (int i = 0; i < size.length; i++) {
            size[i] = outputSize.get(i) == null ? null : ((Number) outputSize.get(i)).intValue();
        }
        return target(size, img, "output_size");
    }

    @Override
    public Sample apply(Sample s, RandomGenerator rng) {
        int[] shape = newShape(s, rng);
        if (shape == null) {
            return s;
        }
        record(s, "originShape", VolumeOps.spatial(s.image()));
        mapSpatial(s, (v, mode) -> Resampling.resize(v, shape, mode));
        return s;
    }

    @Override
    public Volume invert(Volume prediction, TransformRecord record, Interpolation interpolation) {
        return Resampling.resize(prediction, ints(record, "originShape"), interpolation);
    }

    /** round(n * scale) with at least one voxel. */
    protected static int scaled(int n, double scale) {
        return Math.max(1, (int) Math.round(n * scale));
    }
}
