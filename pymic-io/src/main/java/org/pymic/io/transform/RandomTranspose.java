package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;
import org.pymic.io.data.TransformRecord;

/**
 * PyMIC {@code RandomTranspose} for 3D volumes: with probability 0.4 nothing, 0.3 swaps D and W,
 * 0.3 swaps D and H. Both swaps are their own inverse. 2D images are left unchanged.
 */
public final class RandomTranspose extends AbstractTransform {

    public RandomTranspose(Params p) {
        super("RandomTranspose", p);
    }

    @Override
    public Sample apply(Sample s, RandomGenerator rng) {
        if (s.image().depth() == 1) {
            return s;
        }
        double r = rng.nextDouble();
        if (r < 0.4) {
            return s;
        }
        int[] perm = r < 0.7 ? new int[] {2, 1, 0} : new int[] {1, 0, 2};
        record(s, "perm", perm);
        mapSpatial(s, (v, mode) -> VolumeOps.transpose(v, perm));
        return s;
    }

    @Override
    public Volume invert(Volume prediction, TransformRecord record, Interpolation interpolation) {
        return VolumeOps.transpose(prediction, ints(record, "perm"));
    }
}
