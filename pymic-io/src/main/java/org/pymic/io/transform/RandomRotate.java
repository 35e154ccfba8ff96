package org.pymic.io.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;
import org.pymic.io.data.TransformRecord;

/**
 * PyMIC {@code RandomRotate}: rotates by angles (degrees) drawn uniformly in the given ranges:
 * {@code angle_range_d} about the depth axis (in the H x W plane), and for 3D volumes
 * {@code angle_range_h} (D x W plane) and {@code angle_range_w} (D x H plane), keeping the shape
 * with zero fill ({@code ndimage.rotate(..., reshape=False)}). Inverse: the opposite rotations in
 * reverse order (corners rotated out of the grid are lost, as in PyMIC).
 */
public final class RandomRotate extends AbstractTransform {
    private final double[] rangeD;
    private final double[] rangeH;
    private final double[] rangeW;

    public RandomRotate(Params p) {
        super("RandomRotate", p);
        rangeD = p.getDoubleArray("angle_range_d");
        rangeH = p.getDoubleArray("angle_range_h");
        rangeW = p.getDoubleArray("angle_range_w");
    }

    @Override
    public Sample apply(Sample s, RandomGenerator rng) {
        List<double[]> steps = new ArrayList<>(); // {angle, axisA, axisB}
        if (rangeD != null) {
            steps.add(new double[] {uniform(rangeD, rng), 2, 1});
        }
        if (s.image().depth() > 1) {
            if (rangeH != null) {
                steps.add(new double[] {uniform(rangeH, rng), 2, 0});
            }
            if (rangeW != null) {
                steps.add(new double[] {uniform(rangeW, rng), 1, 0});
            }
        }
        record(s, "steps", steps);
        for (double[] st : steps) {
            mapSpatial(s, (v, mode) -> Resampling.rotate(v, st[0], (int) st[1], (int) st[2], mode));
        }
        return s;
    }

    private static double uniform(double[] range, RandomGenerator rng) {
        return range[0] + rng.nextDouble() * (range[1] - range[0]);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Volume invert(Volume prediction, TransformRecord record, Interpolation interpolation) {
        List<double[]> steps = (List<double[]>) record.params().get("steps");
        Volume v = prediction;
        for (int i = steps.size() - 1; i >= 0; i--) {
            double[] st = steps.get(i);
            v = Resampling.rotate(v, -st[0], (int) st[1], (int) st[2], interpolation);
        }
        return v;
    }
}
