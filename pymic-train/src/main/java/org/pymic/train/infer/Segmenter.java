package org.pymic.train.infer;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.io.data.BatchLoader;
import org.pymic.io.data.CaseList;
import org.pymic.io.data.LabelMode;
import org.pymic.io.data.LoadRules;
import org.pymic.io.data.Sample;
import org.pymic.io.data.SegmentationDataset;
import org.pymic.io.image.ImageFiles;
import org.pymic.io.transform.Interpolation;
import org.pymic.io.transform.TransformChain;
import org.pymic.net.SegNetwork;
import org.pymic.train.DeviceChoice;
import org.pymic.train.TrainingRun;

/**
 * A trained model ready to segment images: the checkpoint(s) of {@code [testing] ckpt_mode} loaded once,
 * with the config's {@code [dataset] test_transform}, sliding window, TTA, post-processing and label
 * remapping of {@code [testing]}. It is the code path of {@code pymic infer} ({@link Predictor#run} is a
 * loop over it), of the Spark executors and of applications that embed pymic.
 *
 * <pre>{@code
 * Config config = Config.load(Path.of("run.cfg"));        // [dataset] test_transform, [network], [testing]
 * try (Segmenter segmenter = Segmenter.open(config)) {
 *     Segmenter.Result r = segmenter.segment(ImageFiles.read(Path.of("case_001.nii.gz")));
 *     ImageFiles.write(r.labels(), Path.of("case_001_seg.nii.gz"), "uint8");
 *     // or, with the config's save_probability and output naming:
 *     segmenter.segmentFile(Path.of("case_002.nii.gz"), Path.of("out/case_002.nii.gz"));
 * }
 * }</pre>
 *
 * A runnable program is in {@code examples/embed/}. The networks are built and loaded at the first image
 * (their initialisation takes its shape). {@link #segment} may be called from several threads at once:
 * loading happens once, and prediction only reads the networks' parameters. Results depend only on the
 * image and the case index (the seed of random test transforms, as in {@code pymic infer}), never on
 * threads or on the order of calls.
 */
public final class Segmenter implements AutoCloseable {
    private final Config config;
    private final ConfigSection dataset;
    private final ConfigSection testing;
    private final TransformChain chain;
    private final SlidingWindowInferer inferer;
    private final PostProcessor post;
    private final List<Path> checkpoints;
    private final LoadRules rules;
    private final NDManager manager;
    private final boolean dmspsOutputs;
    private final double dmspsThreshold;
    private volatile List<List<SegNetwork>> models;

    private Segmenter(Config config) {
        this.config = config;
        this.dataset = config.section("dataset");
        this.testing = config.section("testing");
        ConfigSection net = config.section("network");
        TrainingRun.requireFloat(dataset);
        Integer classNum = net.has("class_num") ? net.getInt("class_num", 2) : null;
        this.chain = TransformChain.fromConfig(dataset, dataset.getStringList("test_transform"), classNum);
        this.inferer = SlidingWindowInferer.fromConfig(testing);
        this.post = Predictor.postProcessor(testing);
        this.checkpoints = Predictor.checkpoints(config);
        this.rules = LoadRules.images(dataset);
        int dmspsMode = testing.intOrDefault("dmsps_test_mode");
        if (dmspsMode != 0 && dmspsMode != 1) {
            throw PymicException.config(testing.location() + ": dmsps_test_mode = " + dmspsMode
                    + ": expected 0 (the labels only) or 1 (also the branch-2 labels, uncertainty and expanded seeds)");
        }
        this.dmspsOutputs = dmspsMode == 1;
        this.dmspsThreshold = testing.doubleOrDefault("dmsps_uncertainty_threshold");
        this.manager = NDManager.newBaseManager(DeviceChoice.of(testing).device());
    }

    /**
     * A segmenter for a config with {@code [network]}, {@code [testing]} (ckpt_mode, ckpt_dir or
     * {@code [training] ckpt_dir}, window, TTA, post-processing) and {@code [dataset] test_transform}; the
     * checkpoint files are located now (a missing one fails here), read at the first image.
     */
    public static Segmenter open(Config config) {
        return new Segmenter(config);
    }

    /** The config this segmenter was made from. */
    public Config config() {
        return config;
    }

    /** The checkpoint files whose networks predict (one, or the {@code ckpt_mode = 3} ensemble). */
    public List<Path> checkpoints() {
        return List.copyOf(checkpoints);
    }

    /**
     * The result of one image: the label map (one channel, the input's grid and geometry, after remapping
     * and post-processing), the class probabilities on the same grid (K channels), and the further maps the
     * config asks for on that grid ({@code [testing] dmsps_test_mode = 1}), written beside the label map.
     */
    public record Result(Volume labels, Volume probabilities, List<Extra> extras) {
        public Result {
            extras = List.copyOf(extras);
        }

        public Result(Volume labels, Volume probabilities) {
            this(labels, probabilities, List.of());
        }
    }

    /** A further output map of a case, written as {@code <stem><suffix><ext>} in {@code dtype}. */
    public record Extra(String suffix, Volume volume, String dtype) {
    }

    /**
     * What the networks made of a case on the transformed grid: class probabilities (K channels) and, for
     * {@code dmsps_test_mode = 1}, each branch's class probabilities (2K channels, branch 1 first), else null.
     */
    record OnGrid(Volume probabilities, Volume branches) {
    }

    /** A case read and transformed: its image as read (the output's grid) and the network's input. */
    record Prepared(Volume original, Sample sample) {
        Volume image() {
            return sample.image();
        }
    }

    /** Segments an image as read from its file (C,D,H,W, with its geometry). */
    public Result segment(Volume image) {
        return segment(image, 0);
    }

    /**
     * Segments an image; {@code caseIndex} seeds random test transforms as {@code pymic infer} does for
     * the case at that row of its list (deterministic transforms ignore it).
     */
    public Result segment(Volume image, int caseIndex) {
        return segment(new Sample("image", image, null, null), caseIndex, "image");
    }

    /**
     * Reads case {@code i} of a case list (its modalities stacked, as in training) and segments it as
     * {@code pymic infer} segments row {@code i} of its list.
     */
    public Result segment(CaseList cases, int i) {
        return segment(read(cases, i), i, cases.get(i).images().get(0).toString());
    }

    /**
     * Segments one case of the list {@code list} (named in messages) as {@code pymic infer} segments it at
     * index {@code caseIndex} of that list: how a worker that holds only some of the cases segments them.
     */
    public Result segment(Path list, CaseList.Case c, int caseIndex) {
        return segment(read(CaseList.of(list, List.of(c)), 0), caseIndex, c.images().get(0).toString());
    }

    /** Whether {@code [testing] save_probability} asks for probability maps beside the label maps. */
    public boolean savesProbabilities() {
        return testing.boolOrDefault("save_probability");
    }

    /**
     * Segments one image file and writes the label map to {@code output} (uint8, the input's format and
     * geometry) and, with {@code [testing] save_probability}, one probability map per class beside it
     * ({@code <stem>_prob_<c><ext>}); returns the files written, the label map first.
     */
    public List<Path> segmentFile(Path image, Path output) {
        CaseList.Case c = new CaseList.Case(1, image.getFileName().toString(), List.of(image), null, null);
        return write(segment(CaseList.of(image, List.of(c)), 0), output);
    }

    /** The config's {@code [dataset] test_csv} cases, paths resolved as {@code pymic infer} does. */
    public CaseList testCases() {
        return testCases(config);
    }

    /** The {@code [dataset] test_csv} cases of a config, without loading anything else. */
    public static CaseList testCases(Config config) {
        ConfigSection ds = config.section("dataset");
        return caseList(config, TrainingRun.caseListPath(ds, "test_csv", true));
    }

    /**
     * Any case list in PyMIC's CSV format, image paths relative to the config's {@code test_dir} (else
     * {@code train_dir}, else {@code root_dir}) as for {@code test_csv}.
     */
    public static CaseList caseList(Config config, Path csv) {
        ConfigSection ds = config.section("dataset");
        String rootKey = ds.getString("test_dir", ds.getString("train_dir", ds.getString("root_dir", null)));
        Path root = rootKey == null ? null : Path.of(rootKey);
        return CaseList.read(csv, root, ds.intOrDefault("modal_num"));
    }

    /** The output file name of an image under a config's {@code [testing] filename_replace_source/target}. */
    public static String outputName(Config config, Path image) {
        return Predictor.outputName(image, config.section("testing"));
    }

    /**
     * The output file of every case of {@code cases} under {@code outDir} ({@code [testing]
     * filename_replace_source/target} applied); two cases with one output file are refused.
     */
    public List<Path> outputPaths(CaseList cases, Path outDir) {
        return Predictor.outputPaths(cases, testing, outDir);
    }

    /**
     * Writes a result: the further maps and, with {@code save_probability}, the probability maps beside
     * {@code output}, then the label map; returns the files, the label map first. PNG, JPEG and BMP files
     * hold whole numbers 0..255 only: there the probability maps and other non-byte maps are written as
     * {@code (int) (255 v)}, as PyMIC writes 2D probability maps. Each file is written to a temporary name and
     * moved into place, so an existing label map is a complete one.
     */
    public List<Path> write(Result r, Path output) {
        List<Path> files = new ArrayList<>();
        String s = output.getFileName().toString();
        String ext = org.pymic.io.image.ImageFormat.extension(s);
        String stem = s.substring(0, s.length() - ext.length());
        for (Extra e : r.extras()) {
            Path p = output.resolveSibling(stem + e.suffix() + ext);
            writeMap(e.volume(), p, e.dtype());
            files.add(p);
        }
        if (testing.boolOrDefault("save_probability")) {
            Volume prob = r.probabilities();
            int n = prob.voxels();
            for (int c = 0; c < prob.channels(); c++) {
                float[] pc = java.util.Arrays.copyOfRange(prob.data(), c * n, (c + 1) * n);
                Path p = output.resolveSibling(stem + org.pymic.io.eval.OutputMaps.PROBABILITY + c + ext);
                // float32 whatever the input's type: an int16 image's header would round them to 0 or 1
                writeMap(prob.withData(pc, 1), p, "float32");
                files.add(p);
            }
        }
        // the label map last: when it exists, the case's files are complete
        ImageFiles.write(r.labels(), output, "uint8");
        files.add(0, output);
        return files;
    }

    /** Writes a map beside the label map as {@code dtype} (null: the header's type), as bytes in an 8-bit format. */
    private static void writeMap(Volume v, Path p, String dtype) {
        if (org.pymic.io.image.ImageFormat.of(p).isRaster() && !"uint8".equals(dtype)) {
            ImageFiles.write(toBytes(v), p, "uint8");
        } else {
            ImageFiles.write(v, p, dtype);
        }
    }

    /**
     * A map of values in [0, 1] as the bytes a PNG, JPEG or BMP file can hold: {@code (int) (255 v)}, as PyMIC
     * saves 2D probability maps ({@code np.asarray(p * 255, np.uint8)}).
     */
    static Volume toBytes(Volume v) {
        float[] in = v.data();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = (float) Math.floor(Math.max(0, Math.min(1, in[i])) * 255);
        }
        return v.withData(out, v.channels());
    }

    /** Case {@code i} as read from its files (the datasets' reading rules), before any transform. */
    Sample read(CaseList cases, int i) {
        return new SegmentationDataset(cases, chain, LabelMode.UNLABELLED, null, rules).read(i);
    }

    private Result segment(Sample sample, int caseIndex, String where) {
        Prepared p = prepare(sample, caseIndex);
        return finish(p, predict(p), where);
    }

    /** Test transforms of a sample as read (worker threads of {@link Predictor}). */
    Prepared prepare(Sample sample, int caseIndex) {
        Volume original = sample.image();
        return new Prepared(original, chain.apply(sample, BatchLoader.sampleRandom(1, 0, caseIndex)));
    }

    /**
     * Class probabilities on the transformed grid: every checkpoint's mean logits averaged, softmax; with
     * {@code dmsps_test_mode = 1} also each branch's, from its logits averaged the same way.
     */
    OnGrid predict(Prepared p) {
        List<List<SegNetwork>> nets = models(p.image());
        if (!dmspsOutputs) {
            return new OnGrid(meanSoftmax(nets, p.image(), NetworkModels::of, 1), null);
        }
        // one pass per window for both: the main output's K channels, then each branch's K
        SegNetwork net = nets.get(0).get(0);
        int k = net.classNum();
        Volume all = meanSoftmax(nets, p.image(), NetworkModels::mainAndEveryBranch, 3);
        if (all.channels() != 3 * k) {
            throw PymicException.config(testing.location() + ": dmsps_test_mode = 1 needs a network with two"
                    + " decoders, but " + net.name() + " gives " + (all.channels() / k - 1));
        }
        int block = k * all.voxels();
        float[] a = all.data();
        return new OnGrid(all.withData(java.util.Arrays.copyOfRange(a, 0, block), k),
                all.withData(java.util.Arrays.copyOfRange(a, block, a.length), 2 * k));
    }

    /** Softmax of the checkpoints' mean logits, over each of {@code groups} blocks of channels separately. */
    private Volume meanSoftmax(List<List<SegNetwork>> nets, Volume image,
                               java.util.function.Function<SegNetwork, LogitsModel> model, int groups) {
        List<float[]> logits = new ArrayList<>();
        Volume first = null;
        for (List<SegNetwork> n : nets) {
            Volume l = NetworkModels.meanLogits(inferer, image, n, model, manager);
            first = first == null ? l : first;
            logits.add(l.data());
        }
        float[] mean = Prediction.mean(logits);
        int channels = first.channels();
        int k = channels / groups;
        int block = k * first.voxels();
        float[] out = new float[mean.length];
        for (int g = 0; g < groups; g++) {
            float[] sm = Prediction.softmax(java.util.Arrays.copyOfRange(mean, g * block, (g + 1) * block), k);
            System.arraycopy(sm, 0, out, g * block, block);
        }
        return first.withData(out, channels);
    }

    /** Probabilities back to the input's grid, labels, remapping, post-processing. */
    Result finish(Prepared p, OnGrid onGrid, String where) {
        Volume original = p.original();
        Volume probOnGrid = onGrid.probabilities();
        int k = probOnGrid.channels();
        Volume back = chain.invert(probOnGrid, p.sample().history(), Interpolation.LINEAR);
        if (back.depth() != original.depth() || back.height() != original.height()
                || back.width() != original.width()) {
            throw new PymicException(ExitCode.CONFIG, testing.location() + ": " + where
                    + ": the prediction has shape " + back.depth() + "x" + back.height() + "x" + back.width()
                    + " after inverting [dataset] test_transform " + chain + ", but the image has "
                    + original.depth() + "x" + original.height() + "x" + original.width()
                    + " (set <Transform>_inverse = True for the spatial transforms)");
        }
        float[] prob = back.data();
        Volume labels = original.withData(Prediction.argmax(prob, k), 1);
        labels = Predictor.remap(labels, testing);
        if (post != null) {
            labels = post.apply(labels);
        }
        List<Extra> extras = List.of();
        if (onGrid.branches() != null) {
            float[] branches = chain.invert(onGrid.branches(), p.sample().history(), Interpolation.LINEAR).data();
            extras = DmspsOutputs.of(original, branches, k, dmspsThreshold);
        }
        return new Result(labels, original.withData(prob, k), extras);
    }

    private List<List<SegNetwork>> models(Volume firstImage) {
        List<List<SegNetwork>> m = models;
        if (m == null) {
            synchronized (this) {
                m = models;
                if (m == null) {
                    m = Predictor.loadModels(config, checkpoints, firstImage, manager);
                    models = m;
                }
            }
        }
        return m;
    }

    /** Frees the networks' arrays. */
    @Override
    public void close() {
        manager.close();
    }
}
