package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;
import org.pymic.io.data.TransformRecord;

/**
 * Rotation of the H x W plane by a random number k of quarter turns (k uniform in 0..3), exact
 * and lossless ({@code numpy.rot90}); with {@code probability} < 1 the sample is left as is
 * otherwise. Not a PyMIC transform: a pymic addition for 2D augmentation; inverse: -k turns.
 */
public final class RandomRot90 extends AbstractTransform {
    private final double probability;

    public RandomRot90(Params p) {
        super("RandomRot90", p);
        probability = p.getDouble("probability", 1.0);
    }

    @Override
    public Sample apply(Sample s, RandomGenerator rng) {
        if (rng.nextDouble() >= probability) {
            return s;
        }
        int k = rng.nextInt(4);
        record(s, "k", k);
        if (k != 0) {
            mapSpatial(s, (v, mode) -> VolumeOps.rot90(v, k));
        }
        return s;
    }

    @Override
    public Volume invert(Volume prediction, TransformRecord record, Interpolation interpolation) {
        return VolumeOps.rot90(prediction, -(Integer) record.params().get("k"));
    }
}
