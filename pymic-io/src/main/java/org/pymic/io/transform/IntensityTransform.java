package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;

/**
 * Base of the per-channel intensity transforms: copies the image and calls
 * {@link #channel(float[], int, int, int, RandomGenerator)} for each selected channel
 * ({@code <Transform>_channels}, default all) in list order, so random draws happen in PyMIC's order.
 * Label and weight are untouched; nothing is recorded (no inverse is needed).
 */
public abstract class IntensityTransform extends AbstractTransform {
    private final Integer[] chns;

    protected IntensityTransform(String name, Params p) {
        super(name, p);
        this.chns = intsOrNull(p, "channels");
    }

    @Override
    public final Sample apply(Sample s, RandomGenerator rng) {
        Volume img = s.image();
        float[] x = img.data().clone();
        int n = img.voxels();
        int[] list = channels(chns, img, name());
        for (int i = 0; i < list.length; i++) {
            channel(x, list[i] * n, img, i, rng);
        }
        s.setImage(img.withData(x, img.channels()));
        return s;
    }

    /**
     * Transforms voxels {@code x[off .. off+n)} of one channel; {@code i} is the channel's position
     * in the channel list (PyMIC indexes per-channel parameters by it).
     */
    protected void channel(float[] x, int off, int n, int i, RandomGenerator rng) {
        throw new UnsupportedOperationException(name() + " needs the channel's shape");
    }

    /** As {@link #channel(float[], int, int, int, RandomGenerator)}, for transforms that need the shape. */
    protected void channel(float[] x, int off, Volume shape, int i, RandomGenerator rng) {
        channel(x, off, shape.voxels(), i, rng);
    }

    /** min and max of a channel. */
    protected static float[] range(float[] x, int off, int n) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int j = off; j < off + n; j++) {
            lo = Math.min(lo, x[j]);
            hi = Math.max(hi, x[j]);
        }
        return new float[] {lo, hi};
    }

    /** Channel values as doubles (for percentiles). */
    protected static double[] values(float[] x, int off, int n) {
        double[] d = new double[n];
        for (int j = 0; j < n; j++) {
            d[j] = x[off + j];
        }
        return d;
    }

    /** Clips to [lo, hi] and maps linearly to [0, 1] (unchanged clip when hi == lo). */
    protected static void clipToUnit(float[] x, int off, int n, double lo, double hi) {
        double span = hi - lo;
        for (int j = off; j < off + n; j++) {
            double v = Math.min(Math.max(x[j], lo), hi);
            x[j] = (float) (span > 0 ? (v - lo) / span : v - lo);
        }
    }
}
