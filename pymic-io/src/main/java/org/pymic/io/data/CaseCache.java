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
    private final Map<String, Sample> kept = new ConcurrentHashMap<>();

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
        Sample s = kept.get(key);
        if (s != null) {
            return copy(s);
        }
        s = read.get();
        if (budgetBytes == 0) {
            return s;
        }
        long bytes = bytes(s);
        if (used.addAndGet(bytes) > budgetBytes) {
            used.addAndGet(-bytes);
            return s;
        }
        if (kept.putIfAbsent(key, s) != null) {
            // another thread kept this case first; ours stays private to the caller
            used.addAndGet(-bytes);
            return s;
        }
        return copy(s);
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

    private static long bytes(Sample s) {
        long extra = s.extraVolumes().values().stream().mapToLong(CaseCache::voxels).sum();
        return 4L * (voxels(s.image()) + voxels(s.label()) + voxels(s.pixelWeight()) + extra);
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
