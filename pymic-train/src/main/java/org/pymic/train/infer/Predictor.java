package org.pymic.train.infer;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;
import org.pymic.io.data.CaseList;
import org.pymic.net.SegNetwork;
import org.pymic.train.Checkpoint;
import org.pymic.train.method.Method;
import org.pymic.train.method.Methods;
import org.pymic.train.method.NetworkFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inference of a trained model on the {@code [dataset] test_csv} cases, as PyMIC's {@code infer}. Image
 * paths in the CSV are relative to {@code test_dir} (else {@code train_dir}, else {@code root_dir}); each case goes through
 * {@code [dataset] test_transform} (class count from {@code [network] class_num}); then the
 * checkpoint(s) chosen by {@code [testing] ckpt_mode} (0 latest, 1 best, 2 {@code ckpt_name}, 3 ensemble
 * of the {@code ckpt_name} list), logits of every network of a checkpoint and of every checkpoint averaged,
 * softmax, the spatial test transforms inverted on the probabilities (linear interpolation) back to the
 * input's grid, argmax, {@code label_source -> label_target} remapping, post-processing, then the label map
 * (and with {@code save_probability} one probability map per class) written to {@code output_dir} with the
 * input's format and geometry; {@code filename_replace_source/target} rename outputs.
 */
public final class Predictor {
    private static final Logger LOG = LoggerFactory.getLogger(Predictor.class);

    private Predictor() {
    }

    /**
     * Runs inference for a config and returns the written label files, in case-list order. With
     * {@code [dataset] num_worker} > 0 that many threads read and transform the next cases and invert,
     * post-process and write the finished ones while the networks predict on the calling thread, one case
     * at a time in list order: every case's result depends only on the case, so the files are the same
     * bytes whatever the worker count. Two cases that would write the same output file are refused before
     * anything is written.
     */
    public static List<Path> run(Config config) {
        ConfigSection ds = config.section("dataset");
        ConfigSection test = config.section("testing");
        LOG.info("inference on {}", org.pymic.train.DeviceChoice.of(test).note());
        try (Segmenter segmenter = Segmenter.open(config)) {
            CaseList cases = segmenter.testCases();
            Path outDir = Path.of(test.requireString("output_dir"));
            List<Path> outputs = outputPaths(cases, test, outDir);
            return run(segmenter, cases, outputs, org.pymic.train.TrainingRun.workers(ds));
        }
    }

    /**
     * Segments every case of {@code cases} into {@code outputs} (same order) with {@code workers} threads
     * reading, transforming and writing around the prediction on the calling thread; returns the label
     * files in list order.
     */
    static List<Path> run(Segmenter segmenter, CaseList cases, List<Path> outputs, int workers) {
        ExecutorService pool = workers == 0 ? null : Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "pymic-infer");
            t.setDaemon(true);
            return t;
        });
        Deque<Future<Segmenter.Prepared>> ahead = new ArrayDeque<>();
        Deque<Future<Path>> writing = new ArrayDeque<>();
        List<Path> written = new ArrayList<>();
        int next = 0;
        try {
            for (int i = 0; i < cases.size(); i++) {
                while (next < cases.size() && ahead.size() <= workers) {
                    int c = next++;
                    ahead.add(submit(pool, () -> segmenter.prepare(segmenter.read(cases, c), c)));
                }
                Segmenter.Prepared p = await(ahead.poll());
                Segmenter.OnGrid probOnGrid = segmenter.predict(p);
                org.pymic.train.NativeMemory.trim();
                CaseList.Case cs = cases.get(i);
                Path out = outputs.get(i);
                writing.add(submit(pool, () -> finish(segmenter, cs, p, probOnGrid, out)));
                while (writing.size() > workers) {
                    written.add(await(writing.poll()));
                }
            }
            while (!writing.isEmpty()) {
                written.add(await(writing.poll()));
            }
        } finally {
            ahead.forEach(f -> f.cancel(false));
            if (pool != null) {
                pool.shutdown();
                try {
                    // a write under way finishes (or removes its temporary file) before the error is reported
                    pool.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return written;
    }

    /**
     * The class probabilities of the trained model ({@code [testing]} checkpoints, sliding window, TTA) on
     * every case of the list under {@code [dataset] csvKey} (paths under {@code train_dir}, else
     * {@code root_dir}), on each image's own grid (the test transforms inverted), handed to {@code sink} in
     * list order one case at a time; nothing is written. Used to look at the training set with the model
     * trained on it (confident learning).
     */
    public static void probabilities(Config config, String csvKey,
                                     java.util.function.BiConsumer<CaseList.Case, Volume> sink) {
        ConfigSection ds = config.section("dataset");
        String rootKey = ds.getString("train_dir", ds.getString("root_dir", null));
        Path root = rootKey == null ? null : Path.of(rootKey);
        CaseList cases = CaseList.read(org.pymic.train.TrainingRun.caseListPath(ds, csvKey, true), root,
                ds.intOrDefault("modal_num"));
        try (Segmenter segmenter = Segmenter.open(config)) {
            for (int i = 0; i < cases.size(); i++) {
                long t0 = System.nanoTime();
                sink.accept(cases.get(i), segmenter.segment(cases, i).probabilities());
                LOG.info("{}: predicted ({} of {}, {} ms)", cases.get(i).name(), i + 1, cases.size(),
                        (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }

    /** Probabilities back to the input's grid, labels, post-processing, then the files of one case. */
    private static Path finish(Segmenter segmenter, CaseList.Case cs, Segmenter.Prepared p, Segmenter.OnGrid probOnGrid,
                               Path out) {
        long t0 = System.nanoTime();
        segmenter.write(segmenter.finish(p, probOnGrid, cs.images().get(0).toString()), out);
        LOG.info("{} -> {} ({} ms after prediction)", cs.name(), out, (System.nanoTime() - t0) / 1_000_000);
        return out;
    }

    /**
     * The label file of every case; two cases with the same output file (images of the same name in
     * different folders) are refused, because one segmentation would silently replace the other.
     */
    static List<Path> outputPaths(CaseList cases, ConfigSection test, Path outDir) {
        List<Path> out = new ArrayList<>();
        Map<Path, CaseList.Case> seen = new java.util.HashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            CaseList.Case cs = cases.get(i);
            Path p = outDir.resolve(outputName(cs.images().get(0), test)).toAbsolutePath().normalize();
            CaseList.Case before = seen.putIfAbsent(p, cs);
            if (before != null) {
                throw new PymicException(ExitCode.DATA, cases.csv() + ": rows " + before.row() + " (" + before.images().get(0)
                        + ") and " + cs.row() + " (" + cs.images().get(0) + ") would both be written to " + p
                        + ": rename one, or set [testing] filename_replace_source and filename_replace_target;"
                        + " nothing was written");
            }
            out.add(outDir.resolve(outputName(cs.images().get(0), test)));
        }
        return out;
    }

    private static <T> Future<T> submit(ExecutorService pool, Callable<T> task) {
        if (pool != null) {
            return pool.submit(task);
        }
        try {
            return CompletableFuture.completedFuture(task.call());
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The task's result, or its own exception (a case's error names the case). */
    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PymicException(ExitCode.INTERRUPTED, "inference interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    /**
     * The networks of every checkpoint that take part in inference, initialised with the shape of the
     * first (transformed) test image (one slice for 2D networks; axes longer than {@value #INIT_MAX} use
     * {@value #INIT_MAX}, enough for six down-samplings, to keep initialisation cheap), then loaded strictly.
     * The networks are those the config's method uses at validation ({@link Method#inferenceNetworks}), so
     * a mean-teacher's EMA copy is not used; with a {@code net_type} list, {@code [network] infer_mode} 0
     * (PyMIC's default) keeps the first one and 1 averages them all ({@link Methods#predictionNetworks}).
     */
    static List<List<SegNetwork>> loadModels(Config config, List<Path> ckpts, Volume image, NDManager manager) {
        ConfigSection net = config.section("network");
        Method method = org.pymic.train.TrainingRun.method(config).method();
        NetworkFactory factory = org.pymic.train.TrainingRun.networkFactory(net);
        int inferMode = Methods.inferMode(net);
        List<List<SegNetwork>> models = new ArrayList<>();
        for (Path p : ckpts) {
            Checkpoint c = Checkpoint.read(p);
            Map<String, SegNetwork> built = method.createNetworks(factory);
            List<String> names = Methods.predictionNetworks(method, built, factory.count(), inferMode);
            List<SegNetwork> nets = new ArrayList<>();
            for (String name : names) {
                if (!c.networkNames().contains(name)) {
                    throw new PymicException(ExitCode.DATA, p + ": checkpoint has networks "
                            + c.networkNames() + ", but method " + method.name() + " infers with '" + name + "'");
                }
                SegNetwork n = built.get(name);
                Shape shape = n.dim() == 3
                        ? new Shape(1, image.channels(), cap(image.depth()), cap(image.height()), cap(image.width()))
                        : new Shape(1, image.channels(), cap(image.height()), cap(image.width()));
                n.initialize(manager, shape);
                c.loadInto(name, n.block(), true);
                nets.add(n);
            }
            models.add(nets);
        }
        return models;
    }

    private static final int INIT_MAX = 64;

    private static int cap(int size) {
        return Math.min(size, INIT_MAX);
    }

    /** The checkpoint files of {@code ckpt_mode}. */
    public static List<Path> checkpoints(Config config) {
        ConfigSection test = config.section("testing");
        ConfigSection train = config.section("training");
        Path trainDir = org.pymic.train.TrainingSettings.checkpointDir(train);
        Path dir = test.has("ckpt_dir") ? Path.of(test.getString("ckpt_dir", "."))
                : trainDir != null ? trainDir : Path.of(".");
        String prefix = test.getString("ckpt_prefix", train.getString("ckpt_prefix", dir.getFileName().toString()));
        int mode = test.intOrDefault("ckpt_mode");
        return switch (mode) {
            case 0 -> List.of(Checkpoint.path(dir, prefix, Checkpoint.readPointer(dir, prefix, "latest")));
            case 1 -> List.of(Checkpoint.path(dir, prefix, Checkpoint.readPointer(dir, prefix, "best")));
            case 2 -> {
                List<String> names = test.getStringList("ckpt_name");
                if (names != null && names.size() > 1) {
                    throw new PymicException(ExitCode.CONFIG, test.entry("ckpt_name").orElseThrow().location()
                            + ": [testing] ckpt_name lists " + names.size() + " checkpoints: their mean needs"
                            + " ckpt_mode = 3, ckpt_mode = 2 reads one");
                }
                yield List.of(Checkpoint.resolve(dir, names == null ? test.requireString("ckpt_name") : names.get(0)));
            }
            case 3 -> {
                if (!test.has("ckpt_name")) {
                    throw new PymicException(ExitCode.CONFIG, test.location()
                            + ": [testing] ckpt_mode = 3 averages the checkpoints of the ckpt_name list: set ckpt_name");
                }
                yield test.getStringList("ckpt_name").stream().map(n -> Checkpoint.resolve(dir, n)).toList();
            }
            default -> throw new PymicException(ExitCode.CONFIG, test.location()
                    + ": [testing] ckpt_mode expects 0 (latest), 1 (best), 2 (ckpt_name) or 3 (ensemble), got " + mode);
        };
    }

    static PostProcessor postProcessor(ConfigSection test) {
        String name = test.getString("post_process", null);
        if (name == null) {
            return null;
        }
        ComponentSpec spec = Registry.global().require(ComponentKind.POSTPROCESS, name);
        return spec.create(Params.resolve(spec, test.values()));
    }

    /** PyMIC's {@code convert_label}: voxels of label_source[i] become label_target[i]. */
    static Volume remap(Volume labels, ConfigSection test) {
        int[] src = test.getIntArray("label_source");
        int[] dst = test.getIntArray("label_target");
        if (src == null || dst == null) {
            return labels;
        }
        if (src.length != dst.length) {
            throw new PymicException(ExitCode.CONFIG, test.location()
                    + ": [testing] label_source and label_target must have the same length");
        }
        float[] in = labels.data();
        float[] out = in.clone();
        for (int i = 0; i < in.length; i++) {
            for (int j = 0; j < src.length; j++) {
                if ((int) in[i] == src[j]) {
                    out[i] = dst[j];
                }
            }
        }
        return labels.withData(out, 1);
    }

    static String outputName(Path image, ConfigSection test) {
        String name = image.getFileName().toString();
        String a = test.getString("filename_replace_source", null);
        String b = test.getString("filename_replace_target", null);
        return a != null && b != null ? name.replace(a, b) : name;
    }

}
