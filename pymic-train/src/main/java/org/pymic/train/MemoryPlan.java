package org.pymic.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigSection;
import org.pymic.io.data.CaseList;
import org.pymic.io.image.ImageSize;

/**
 * The Java heap a run needs, from its config and the sizes of its images (read from the headers where the
 * format allows): the launcher starts the JVM with this {@code -Xmx} instead of a fixed one, so that the
 * collector neither grows the heap far past what the run holds nor runs out. Training holds the case cache
 * ({@code [dataset] cache_mb}, but never more than the decoded training cases), the validation cases, and
 * working copies of the largest case per loader thread and for prediction; inference holds only working
 * copies. In megabytes:
 * <pre>
 *   train: BASE + max(2 * cache, cache + 2 * (valid + work + predict))   (the cache is at most half the heap)
 *   infer: BASE + 2 * (work + predict)
 *   work    = (num_worker + 2) * 4 * largest case (image and label values)
 *   predict = (2 * class_num + 4) * largest image
 * </pre>
 * with 4 bytes per decoded value and the working sets doubled to leave the collector room, rounded up to
 * 64 MB and at least {@link #MIN_MB}.
 */
public final class MemoryPlan {
    /** JVM, engine bindings, configs and the run's bookkeeping. */
    public static final long BASE_MB = 256;
    /** The smallest heap a plan gives. */
    public static final long MIN_MB = 512;
    /** Files decoded in full to estimate a list whose format has no cheap header; the rest are extrapolated. */
    static final int DECODED_SAMPLE = 24;

    private final Map<String, Long> parts;
    private final long heapMb;
    private final boolean training;

    private MemoryPlan(Map<String, Long> parts, long heapMb, boolean training) {
        this.parts = parts;
        this.heapMb = heapMb;
        this.training = training;
    }

    /** Whether this is the plan of a training run. */
    public boolean training() {
        return training;
    }

    /** The heap of {@code pymic train} (and {@code bench train}) on this config. */
    public static MemoryPlan training(Config config) {
        RunPlan plan = RunPlan.resolve(config);
        ConfigSection ds = config.section("dataset");
        Sizes sizes = new Sizes();
        Set<List<Path>> seen = new LinkedHashSet<>();
        long train = 0;
        for (RunPlan.Stream s : plan.streams()) {
            for (CaseList.Case c : s.cases().cases()) {
                long v = sizes.caseValues(c);
                if (seen.add(key(c))) {
                    train += v;
                }
            }
        }
        long valid = 0;
        if (plan.validCases() != null) {
            for (CaseList.Case c : plan.validCases().cases()) {
                valid += sizes.caseValues(c);
            }
        }
        long cacheMb = Math.min(ds.intOrDefault("cache_mb"), mb(4 * train));
        long validMb = mb(4 * valid);
        long workMb = mb((plan.workers() + 2L) * 4 * 4 * sizes.largestCase);
        long predictMb = mb((2L * plan.classNum() + 4) * 4 * sizes.largestImage);
        long need = Math.max(2 * cacheMb, cacheMb + 2 * (validMb + workMb + predictMb));
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put("cache", cacheMb);
        parts.put("valid", validMb);
        parts.put("work", workMb);
        parts.put("predict", predictMb);
        return new MemoryPlan(parts, round(BASE_MB + need), true);
    }

    /** The heap of {@code pymic infer} (and {@code bench infer}) on this config. */
    public static MemoryPlan inference(Config config) {
        ConfigSection ds = config.section("dataset");
        ConfigSection net = config.section("network");
        String rootKey = ds.getString("test_dir", ds.getString("train_dir", ds.getString("root_dir", null)));
        Path root = rootKey == null ? null : Path.of(rootKey);
        CaseList cases = CaseList.read(TrainingRun.caseListPath(ds, "test_csv", true), root, ds.intOrDefault("modal_num"));
        Sizes sizes = new Sizes();
        for (CaseList.Case c : cases.cases()) {
            sizes.imageValues(c);
        }
        int classNum = net.has("class_num") ? net.getInt("class_num", 2) : 2;
        long workMb = mb((TrainingRun.workers(ds) + 2L) * 4 * 4 * sizes.largestImage);
        long predictMb = mb((2L * classNum + 4) * 4 * sizes.largestImage);
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put("work", workMb);
        parts.put("predict", predictMb);
        return new MemoryPlan(parts, round(BASE_MB + 2 * (workMb + predictMb)), false);
    }

    /** The heap in megabytes. */
    public long heapMb() {
        return heapMb;
    }

    /** The parts the heap was computed from, in megabytes. */
    public Map<String, Long> parts() {
        return parts;
    }

    /** The JVM option. */
    public String xmx() {
        return "-Xmx" + heapMb + "m";
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "heap %d MB (", heapMb));
        String sep = "";
        for (Map.Entry<String, Long> e : parts.entrySet()) {
            s.append(sep).append(e.getKey()).append(' ').append(e.getValue()).append(" MB");
            sep = ", ";
        }
        return s.append(')').toString();
    }

    static long round(long mb) {
        return Math.max(MIN_MB, (mb + 63) / 64 * 64);
    }

    static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    private static List<Path> key(CaseList.Case c) {
        List<Path> k = new ArrayList<>(c.images());
        k.add(c.label());
        return k;
    }

    /** Decoded values per file: from headers, or decoded for a sample and extrapolated by the sample's mean. */
    private static final class Sizes {
        private final Map<Path, Long> known = new LinkedHashMap<>();
        private int decoded;
        private long decodedValues;
        long largestCase;
        long largestImage;

        long caseValues(CaseList.Case c) {
            long img = imageValues(c);
            long v = img;
            if (c.label() != null) {
                v += values(c.label());
            }
            if (c.weight() != null) {
                v += values(c.weight());
            }
            largestCase = Math.max(largestCase, v);
            return v;
        }

        long imageValues(CaseList.Case c) {
            long img = 0;
            for (Path p : c.images()) {
                img += values(p);
            }
            largestImage = Math.max(largestImage, img);
            largestCase = Math.max(largestCase, img);
            return img;
        }

        private long values(Path p) {
            Long v = known.get(p);
            if (v != null) {
                return v;
            }
            long n = ImageSize.headerValues(p);
            if (n < 0 && decoded < DECODED_SAMPLE) {
                n = ImageSize.values(p);
                decoded++;
                decodedValues += n;
            } else if (n < 0) {
                n = decodedValues / decoded;
            }
            known.put(p, n);
            return n;
        }
    }
}
