package org.pymic.io.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.io.image.H5Case;
import org.pymic.io.image.ImageFiles;
import org.pymic.io.transform.TransformChain;

/**
 * The cases of a {@link CaseList} as {@link Sample}s: modalities stacked as image channels (all must
 * share one spatial shape), the label map (one channel of class indices) and the optional pixel
 * weight, each keeping the file's geometry, then the transform chain. HDF5 cases ({@code .h5}) carry
 * their label inside the image file. Labelled, partial (scribble) and noisy cases go through the same
 * code; with {@link LabelMode#UNLABELLED} labels are ignored. Thread-safe. With a {@link CaseCache},
 * cases are read from their files once and then copied from memory. Each file is checked as it is read
 * ({@link LoadRules}): non-finite image values and labels outside the classes are refused with the file.
 */
public final class SegmentationDataset implements SampleSource {
    private static final AtomicLong IDS = new AtomicLong();
    /** Distinguishes this dataset's cases from another's in a shared {@link CaseCache}. */
    private final long id = IDS.incrementAndGet();
    private final CaseList cases;
    private final TransformChain chain;
    private final LabelMode mode;
    private final CaseCache cache;
    private final LoadRules rules;

    public SegmentationDataset(CaseList cases, TransformChain chain, LabelMode mode) {
        this(cases, chain, mode, null);
    }

    /** @param cache decoded cases kept in memory (shared by the datasets of a run), or null */
    public SegmentationDataset(CaseList cases, TransformChain chain, LabelMode mode, CaseCache cache) {
        this(cases, chain, mode, cache, LoadRules.DEFAULT);
    }

    /** @param rules what reading a case refuses (null: {@link LoadRules#DEFAULT}) */
    public SegmentationDataset(CaseList cases, TransformChain chain, LabelMode mode, CaseCache cache, LoadRules rules) {
        this.cases = cases;
        this.chain = chain == null ? TransformChain.identity() : chain;
        this.mode = mode;
        this.cache = cache;
        this.rules = rules == null ? LoadRules.DEFAULT : rules;
    }

    @Override
    public int size() {
        return cases.size();
    }

    public CaseList cases() {
        return cases;
    }

    public TransformChain chain() {
        return chain;
    }

    public LabelMode mode() {
        return mode;
    }

    /** Case {@code i} read and transformed with {@code rng}. */
    @Override
    public Sample get(int i, RandomGenerator rng) {
        Sample s = cache == null ? read(i) : cache.get(id + "#" + i, () -> read(i));
        return chain.apply(s, rng);
    }

    /** Case {@code i} as read from its files, before any transform. */
    public Sample read(int i) {
        CaseList.Case c = cases.get(i);
        String where = cases.csv() + ":row " + c.row();
        Volume image = null;
        Volume h5Label = null;
        for (Path p : c.images()) {
            Volume v;
            if (p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".h5")) {
                H5Case h5 = H5Case.read(p);
                v = h5.image();
                h5Label = h5Label == null ? h5.label() : h5Label;
            } else {
                v = ImageFiles.read(p);
            }
            v = rules.image(v, p, where, "image");
            image = image == null ? v : stack(image, v, c, p);
        }
        Volume label = null;
        Volume weight = null;
        if (mode == LabelMode.LABELLED) {
            if (c.label() != null) {
                label = ImageFiles.read(c.label());
            } else {
                label = h5Label;
            }
            if (label != null) {
                Path file = c.label() == null ? c.images().get(0) : c.label();
                check(image, label, c, file, "label");
                rules.label(label, file, where);
            }
            if (c.weight() != null) {
                weight = rules.image(ImageFiles.read(c.weight()), c.weight(), where, "pixel_weight");
                check(image, weight, c, c.weight(), "pixel_weight");
            }
        }
        Sample s = new Sample(c.name(), image, label, weight);
        s.extras().put("row", c.row());
        s.extras().put("index", i);
        return s;
    }

    private Volume stack(Volume a, Volume b, CaseList.Case c, Path p) {
        if (a.depth() != b.depth() || a.height() != b.height() || a.width() != b.width()) {
            throw PymicException.data(cases.csv() + ":row " + c.row() + ": modality " + p + " has shape "
                    + shape(b) + " but " + c.images().get(0) + " has " + shape(a));
        }
        float[] data = Arrays.copyOf(a.data(), a.data().length + b.data().length);
        System.arraycopy(b.data(), 0, data, a.data().length, b.data().length);
        return a.withData(data, a.channels() + b.channels());
    }

    private void check(Volume image, Volume v, CaseList.Case c, Path p, String what) {
        if (v.channels() != 1 || v.depth() != image.depth() || v.height() != image.height()
                || v.width() != image.width()) {
            throw PymicException.data(cases.csv() + ":row " + c.row() + ": " + what + " " + p + " has shape "
                    + v.channels() + "x" + shape(v) + ", expected 1x" + shape(image) + " as the image "
                    + c.images().get(0));
        }
    }

    private static String shape(Volume v) {
        return v.depth() + "x" + v.height() + "x" + v.width();
    }

    /** "csv:row N (name)" for messages. */
    @Override
    public String describe(int i) {
        CaseList.Case c = cases.get(i);
        return cases.csv() + ":row " + c.row() + " (" + c.name() + ")";
    }

    /** The image paths of case i (for messages). */
    public List<Path> files(int i) {
        return cases.get(i).images();
    }
}
