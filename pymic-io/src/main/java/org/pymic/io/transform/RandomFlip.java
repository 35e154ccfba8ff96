package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;
import org.pymic.io.data.TransformRecord;

/**
 * PyMIC {@code RandomFlip}: flips each enabled axis with probability 0.5 (draws in PyMIC's order:
 * width, height, then depth for 3D volumes). A flip is its own inverse.
 */
public final class RandomFlip extends AbstractTransform {
    private final boolean depth;
    private final boolean height;
    private final boolean width;

    public RandomFlip(Params p) {
        super("RandomFlip", p);
        depth = p.getBool("flip_depth", true);
        height = p.getBool("flip_height", true);
        width = p.getBool("flip_width", true);
    }

    @Override
    public Sample apply(Sample s, RandomGenerator rng) {
        boolean[] axes = new boolean[3];
        axes[2] = width && rng.nextDouble() > 0.5;
        axes[1] = height && rng.nextDouble() > 0.5;
        axes[0] = s.image().depth() > 1 && depth && rng.nextDouble() > 0.5;
        record(s, "axes", axes);
        if (axes[0] || axes[1] || axes[2]) {
            mapSpatial(s, (v, mode) -> VolumeOps.flip(v, axes));
        }
        return s;
    }

    @Override
    public Volume invert(Volume prediction, TransformRecord record, Interpolation interpolation) {
        return VolumeOps.flip(prediction, (boolean[]) record.params().get("axes"));
    }
}
