package org.pymic.train;

import java.util.SplittableRandom;
import org.pymic.core.config.ConfigEntry;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.io.data.Batch;
import org.pymic.train.method.FullySupervised;
import org.pymic.train.method.Method;

/**
 * Mixup of a labelled training batch, as PyMIC's {@code mixup} (pymic/util/general.py) applied by its
 * segmentation agent: with probability {@code [training] mixup_probability} a step's batch is replaced by
 * {@code lambda_i * x[p1(i)] + (1 - lambda_i) * x[p2(i)]} for images and soft labels alike, where p1 and p2
 * are two random permutations of the batch and {@code lambda_i} is drawn per sample from Beta(1, 1), the
 * uniform distribution on [0, 1]. As in PyMIC, pixel weights and extra arrays are not mixed, and only fully
 * supervised training mixes (PyMIC's semi-, weakly and noisy-label agents train without it). The draws come
 * from a generator seeded by the run's seed and the iteration, so a resumed run mixes as the uninterrupted
 * one did.
 */
public final class Mixup {
    /** The config key. */
    public static final String KEY = "mixup_probability";

    private final double probability;
    private final long seed;

    public Mixup(double probability, long seed) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException(KEY + " must be in [0, 1], got " + probability);
        }
        this.probability = probability;
        this.seed = seed;
    }

    /**
     * The mixup of {@code [training]} for {@code method}; null when {@code mixup_probability} is 0 (the
     * default). A value outside [0, 1], or a positive one for a method other than fully supervised training,
     * is a config error naming the key.
     */
    public static Mixup fromConfig(ConfigSection training, Method method, long seed) {
        double p = training.doubleOrDefault(KEY);
        String where = training.entry(KEY).map(ConfigEntry::location).orElse(training.location());
        if (!(p >= 0 && p <= 1)) {
            throw new PymicException(ExitCode.CONFIG, where + ": [training] " + KEY
                    + " is a probability in [0, 1], got " + training.getString(KEY, ""));
        }
        if (p == 0) {
            return null;
        }
        if (!method.name().equals(FullySupervised.NAME)) {
            throw new PymicException(ExitCode.CONFIG, where + ": [training] " + KEY + " = " + p
                    + " mixes labelled batches of fully supervised training only (as PyMIC), but the method is "
                    + method.name() + ": remove " + KEY + " or set it to 0");
        }
        return new Mixup(p, seed);
    }

    public double probability() {
        return probability;
    }

    /** The batch of iteration {@code it} (0-based): mixed with the probability, else {@code b} itself. */
    public Batch apply(Batch b, int it) {
        if (b == null || !b.labelled()) {
            return b;
        }
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + it);
        if (!(r.nextDouble() < probability)) {
            return b;
        }
        int n = b.size();
        int[] p1 = permutation(n, r);
        int[] p2 = permutation(n, r);
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = r.nextDouble(); // Beta(1, 1)
        }
        return mix(b, p1, p2, lambda);
    }

    /** The mixed batch for given permutations and weights (sample i: lambda[i] of p1[i], the rest of p2[i]). */
    static Batch mix(Batch b, int[] p1, int[] p2, double[] lambda) {
        return new Batch(mix(b.image(), b.size(), p1, p2, lambda), b.imageShape(),
                mix(b.label(), b.size(), p1, p2, lambda), b.labelShape(), b.pixelWeight(), b.weightShape(),
                b.names(), b.extras());
    }

    private static float[] mix(float[] x, int n, int[] p1, int[] p2, double[] lambda) {
        int per = x.length / n;
        float[] out = new float[x.length];
        for (int i = 0; i < n; i++) {
            float a = (float) lambda[i];
            float c = (float) (1 - lambda[i]);
            int o = i * per;
            int s1 = p1[i] * per;
            int s2 = p2[i] * per;
            for (int k = 0; k < per; k++) {
                out[o + k] = x[s1 + k] * a + x[s2 + k] * c;
            }
        }
        return out;
    }

    private static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
