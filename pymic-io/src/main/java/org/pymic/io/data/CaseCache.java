package org.pymic.io.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.pymic.core.image.Volume;

/**
 * Decoded training cases kept in memory up to a byte budget, so that epochs after the first read no
 * files: decompressing and converting a case costs far more CPU than copying it, and on a small CPU
 * machine the loader's work is taken from the training step. The first cases read are kept until
 * the budget is full; nothing is evicted (random access over an epoch would make any eviction
 * policy thrash). Thread-safe. Callers get copies: transforms may change the arrays they are given.
 */
public final class CaseCache {
    private final long budgetBytes;
    private final AtomicLong used = new AtomicLong();
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    private CaseCache(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** A cache of at most {@code megabytes} MB of voxel data; 0 keeps nothing. */
    public static CaseCache ofMegabytes(long megabytes) {
        if (megabytes < 0) {
            throw new IllegalArgumentException("cache size must be >= 0 MB, got " + megabytes);
        }
        return new CaseCache(megabytes * 1024 * 1024);
    }

    /** The case under {@code key}: a copy of the kept one, or {@code read}'s result (kept when it fits). */
    public Sample get(String key, Supplier<Sample> read) {
        Kept k = kept.get(key);
        if (k != null) {
            return k.restore();
        }
        Sample s = read.get();
        if (budgetBytes == 0) {
            return s;
        }
        k = Kept.of(s);
        long bytes = k.bytes();
        if (used.addAndGet(bytes) > budgetBytes) {
            used.addAndGet(-bytes);
            return s;
        }
        if (kept.putIfAbsent(key, k) != null) {
            // another thread kept this case first; ours stays private to the caller
            used.addAndGet(-bytes);
            return s;
        }
        return k.restore();
    }

    /** The budget in bytes. */
    public long budgetBytes() {
        return budgetBytes;
    }

    /** Bytes of voxel data kept. */
    public long usedBytes() {
        return used.get();
    }

    /** Cases kept. */
    public int size() {
        return kept.size();
    }

    /**
     * A kept case. A label of class indices (every value an integer from -128 to 127, as label maps and
     * scribbles with their "not annotated" value are) is kept as one byte per voxel instead of a float:
     * a quarter of its memory, and the same floats when restored.
     */
    private record Kept(Sample sample, Volume labelGeometry, int[] labelShape, byte[] labelCodes) {
        static Kept of(Sample s) {
            Volume label = s.label();
            byte[] codes = label == null ? null : codes(label.data());
            if (codes == null) {
                return new Kept(s, null, null, null);
            }
            Sample rest = new Sample(s.name(), s.image(), null, s.pixelWeight());
            rest.history().addAll(s.history());
            rest.extras().putAll(s.extras());
            s.extraVolumes().forEach((k, v) -> {
                if (s.isExtraMask(k)) {
                    rest.putExtraMask(k, v);
                } else {
                    rest.putExtraImage(k, v);
                }
            });
            int[] shape = {label.channels(), label.depth(), label.height(), label.width()};
            return new Kept(rest, label.withData(new float[1], 1, 1, 1, 1), shape, codes);
        }

        long bytes() {
            long extra = sample.extraVolumes().values().stream().mapToLong(CaseCache::voxels).sum();
            long label = labelCodes == null ? 4L * voxels(sample.label()) : labelCodes.length;
            return 4L * (voxels(sample.image()) + voxels(sample.pixelWeight()) + extra) + label;
        }

        /** A copy the caller may change. */
        Sample restore() {
            Volume label = null;
            if (labelCodes != null) {
                float[] f = new float[labelCodes.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = labelCodes[i];
                }
                label = labelGeometry.withData(f, labelShape[0], labelShape[1], labelShape[2], labelShape[3]);
            }
            Sample c = copy(sample);
            if (label != null) {
                c.setLabel(label);
            }
            return c;
        }

        private static byte[] codes(float[] v) {
            byte[] b = new byte[v.length];
            for (int i = 0; i < v.length; i++) {
                byte q = (byte) v[i];
                if (q != v[i]) {
                    return null;
                }
                b[i] = q;
            }
            return b;
        }
    }

    private static long voxels(Volume v) {
        return v == null ? 0 : v.data().length;
    }

    private static Sample copy(Sample s) {
        Sample c = new Sample(s.name(), copy(s.image()), copy(s.label()), copy(s.pixelWeight()));
        c.history().addAll(s.history());
        c.extras().putAll(s.extras());
        s.extraVolumes().forEach((k, v) -> {
            if (s.isExtraMask(k)) {
                c.putExtraMask(k, copy(v));
            } else {
                c.putExtraImage(k, copy(v));
            }
        });
        return c;
    }

    private static Volume copy(Volume v) {
        return v == null ? null : v.withData(v.data().clone(), v.channels());
    }
}
