package org.pymic.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;
import org.pymic.core.config.Config;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Batch;
import org.pymic.io.data.SegmentationDataset;
import org.pymic.io.image.AtomicFiles;
import org.pymic.loss.SegLoss;
import org.pymic.net.SegNetwork;
import org.pymic.train.infer.NetworkModels;
import org.pymic.train.infer.Prediction;
import org.pymic.train.infer.SlidingWindowInferer;
import org.pymic.train.method.Method;
import org.pymic.train.method.Methods;
import org.pymic.train.method.NetworkFactory;
import org.pymic.train.method.RunContext;
import org.pymic.train.method.StepContext;
import org.pymic.train.method.StreamSpec;

/**
 * The one training loop of pymic, iteration-based as PyMIC's agents. Each step: fetch the labelled (and,
 * when the method asks, unlabelled) batch, mix the labelled one with {@code [training] mixup_probability}
 * ({@link Mixup}), open a per-step NDManager and one gradient collector, let the
 * {@link Method} compute the loss from all learning networks, one backward, step every optimiser, run the
 * method's hook, close the step manager. Every {@code iter_valid} iterations the inference networks
 * predict the validation cases with the sliding-window inferer ({@code [testing]} keys); mean foreground
 * Dice picks the best checkpoint and drives early stopping ({@code early_stop_patience}) and
 * ReduceLROnPlateau; a round without a finite score (no validation cases) is never the best and feeds
 * neither. Checkpoints are written at {@code iter_save}, at every new best, at the end and when stopped
 * by {@link #requestStop}; {@code ckpt_init_name} with {@code ckpt_init_mode} 0 initialises weights, 1
 * resumes exactly (iteration, optimiser and schedule state, best score). Every {@code iter_log}
 * iterations the metrics file gets a training row (loss terms, learning rate, timing).
 *
 * <p>A non-finite loss stops the run with {@link ExitCode#DATA} before its backward pass, naming the
 * iteration and the loss terms; checkpoints already written stay as they are, and a checkpoint is never
 * written with non-finite parameters ({@link Checkpoint#save}).
 *
 * <p>Reproducibility: DJL's RNG is seeded with {@code random_seed} before the networks are built and
 * re-seeded from (seed, iteration) before every step, and batch sources are opened at the start
 * iteration, so a resumed run continues as the uninterrupted one would.
 */
public final class SegmentationTrainer implements AutoCloseable {
    private final Config config;
    private final TrainingSettings settings;
    private final Method method;
    private final Params methodParams;
    private final NetworkFactory networkFactory;
    private final SegLoss loss;
    private final BiFunction<String, SegNetwork, TrainingOptimizer> optimizerFactory;
    private final Map<String, BatchSource.Opener> streams;
    private final Map<String, SegmentationDataset> datasets;
    private final List<ValidationCase> validation;
    private final SlidingWindowInferer inferer;
    private final boolean progress;
    private final Map<String, Path> caseLists;
    private final DeviceChoice device;
    private final Mixup mixup;
    private NDManager manager;
    private Map<String, SegNetwork> networks;
    private final Map<String, TrainingOptimizer> optimizers = new LinkedHashMap<>();
    private final Map<String, DataParallel> parallel = new LinkedHashMap<>();
    private final List<StepTiming> timings = new ArrayList<>();
    private IntConsumer stepListener = it -> { };
    private boolean reuseFirstBatch;
    private volatile boolean stopRequested;

    private SegmentationTrainer(Builder b) {
        this.config = b.config;
        this.settings = b.settings != null ? b.settings : TrainingSettings.from(b.config.section("training"));
        this.method = Objects.requireNonNull(b.method, "method");
        this.methodParams = b.methodParams != null ? b.methodParams : Params.empty(method.name());
        this.networkFactory = Objects.requireNonNull(b.networkFactory, "network factory");
        this.loss = Objects.requireNonNull(b.loss, "loss");
        this.optimizerFactory = Objects.requireNonNull(b.optimizerFactory, "optimizer factory");
        this.streams = new LinkedHashMap<>(b.streams);
        this.datasets = new LinkedHashMap<>(b.datasets);
        this.validation = b.validation;
        this.inferer = b.inferer != null ? b.inferer : SlidingWindowInferer.fromConfig(config.section("testing"));
        this.progress = b.progress;
        this.caseLists = b.caseLists;
        this.device = b.device != null ? b.device : DeviceChoice.of(config.section("training"));
        this.mixup = Mixup.fromConfig(config.section("training"), method, settings.seed());
        for (StreamSpec st : method.streams()) {
            if (!streams.containsKey(st.name())) {
                throw new PymicException(ExitCode.CONFIG, config.source() + ": method " + method.name()
                        + " reads the " + st.name() + " stream: set [dataset] " + st.csvKey());
            }
        }
    }

    public static Builder builder(Config config) {
        return new Builder(config);
    }

    public TrainingSettings settings() {
        return settings;
    }

    /** The optimisers of the trained networks (after {@link #train}). */
    public Map<String, TrainingOptimizer> optimizers() {
        return java.util.Collections.unmodifiableMap(optimizers);
    }

    /** Where this run computes. */
    public DeviceChoice device() {
        return device;
    }

    /** The run's root manager (after {@link #train}): every array of the run lives under it, until {@link #close}. */
    public NDManager manager() {
        return manager;
    }

    /**
     * The data-parallel replicas of each learning network (after {@link #train}), by network name; empty
     * on one device.
     */
    public Map<String, DataParallel> dataParallel() {
        return java.util.Collections.unmodifiableMap(parallel);
    }

    /** The networks (after {@link #train}); they live until {@link #close}. */
    public Map<String, SegNetwork> networks() {
        return networks;
    }

    /**
     * Called on the training thread after every finished step with the number of iterations done; for
     * monitoring (e.g. resident memory in {@code pymic bench train --memory}).
     */
    public void setStepListener(IntConsumer listener) {
        this.stepListener = Objects.requireNonNull(listener, "listener");
    }

    /** Timing of every step of the last {@link #train} call. */
    /**
     * For benchmarks: train every step on the first batch (and first unlabelled batch) again, so that
     * step timings leave out the loader and its work in the background.
     */
    public void setReuseFirstBatch(boolean reuse) {
        reuseFirstBatch = reuse;
    }

    public List<StepTiming> timings() {
        return timings;
    }

    /**
     * Asks the loop to stop at the next step boundary; safe from any thread (a signal handler), because it
     * only sets a flag: the training thread finishes the step it is in, writes a checkpoint of the
     * iteration reached and returns a summary with {@link TrainingSummary#interrupted()}. Nothing touches
     * the engine from the calling thread.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Runs the loop from the start (or the resumed) iteration to iter_max, early stop or {@link #requestStop}.
     * The run holds the {@link CheckpointDirLock} of its checkpoint folder throughout: a second run into the
     * same folder is refused.
     */
    public TrainingSummary train() {
        try (CheckpointDirLock lock = CheckpointDirLock.acquire(settings.ckptDir())) {
            return trainLocked();
        }
    }

    private TrainingSummary trainLocked() {
        TrainingSettings s = settings;
        Path dir = s.ckptDir();
        String prefix = s.ckptPrefix();
        Engine.getInstance().setRandomSeed((int) s.seed());
        manager = NDManager.newBaseManager(device.device());
        networks = method.createNetworks(networkFactory);
        List<String> trained = method.trainedNetworks(networks);
        Checkpoint init = s.ckptInitName() == null ? null : Checkpoint.read(Checkpoint.resolve(dir, s.ckptInitName()));
        boolean resume = init != null && s.ckptInitMode() == 1;
        int start = resume ? init.iteration() : s.iterStart();
        double bestDice = resume ? bestScore(init) : -1;
        int bestIt = resume ? intMeta(init, "best_iteration", start) : start;
        List<StreamSpec> methodStreams = method.streams();
        List<Path> stale = AtomicFiles.removeStale(dir, prefix + "_");
        int classNum = networks.values().iterator().next().classNum();
        try (RunLog log = new RunLog(dir.resolve(prefix + "_train.log"));
             MetricsLog metrics = new MetricsLog(dir.resolve(prefix + "_metrics.csv"), start, classNum);
             Sources sources = new Sources(methodStreams, start)) {
            log.info("training " + method.name() + " with " + networks.keySet() + " from iteration " + start
                    + " to " + s.iterMax() + ", seed " + s.seed() + ", on " + device.note());
            if (validation != null && !validation.isEmpty()) {
                log.info(ValidationCase.describe(validation));
            }
            if (!stale.isEmpty()) {
                log.info("removed " + stale.size() + " temporary file(s) of an interrupted write: " + stale);
            }
            long tw = System.nanoTime();
            Map<String, Batch> first = sources.next();
            double firstWait = (System.nanoTime() - tw) / 1e6;
            Map<String, Batch> reused = reuseFirstBatch ? first : null;
            Shape inputShape = shapeOf(first.get(methodStreams.get(0).name()).imageShape());
            for (Map.Entry<String, SegNetwork> e : networks.entrySet()) {
                e.getValue().initialize(manager, inputShape);
                if (init != null) {
                    String source = resume ? e.getKey() : method.initSource(e.getKey(), init.networkNames());
                    if (source == null) {
                        log.info("network " + e.getKey() + ": not in " + init.file() + " (has " + init.networkNames()
                                + "), initialised at random");
                        continue;
                    }
                    List<String> loaded = init.loadInto(source, e.getValue().block(), resume);
                    log.info("network " + e.getKey() + ": " + loaded.size() + " of "
                            + e.getValue().namedParameters().size() + " parameters from " + init.file()
                            + (source.equals(e.getKey()) ? "" : " (its network '" + source + "')"));
                }
            }
            if (resume) {
                Map<String, byte[]> state = new LinkedHashMap<>();
                for (String k : init.stateKeys()) {
                    if (k.startsWith(METHOD_STATE)) {
                        state.put(k.substring(METHOD_STATE.length()), init.state(k));
                    }
                }
                method.loadState(state);
            }
            parallel.clear();
            if (device.dataParallel()) {
                for (String name : trained) {
                    parallel.put(name, DataParallel.of(networks.get(name),
                            () -> method.createNetworks(networkFactory).get(name), device.devices(), manager, inputShape));
                }
                log.info("data parallel: " + parallel.keySet() + " replicated on " + String.join(", ",
                        device.devices().stream().map(DeviceChoice::name).toList()) + "; each batch split along"
                        + " dimension 0, networks that do not learn and validation on the first");
            }
            for (String name : trained) {
                TrainingOptimizer o = optimizerFactory.apply(name, networks.get(name));
                if (resume && init.state("optimizer_" + name) != null) {
                    o.loadState(init.state("optimizer_" + name));
                }
                optimizers.put(name, o);
            }
            ProgressReporter bar = progress ? new ProgressReporter(start, s.iterMax()) : null;
            Map<String, Double> sums = new LinkedHashMap<>();
            StepTiming roundTime = StepTiming.zero();
            int roundSteps = 0;
            Map<String, Double> logSums = new LinkedHashMap<>();
            StepTiming logTime = StepTiming.zero();
            int logSteps = 0;
            timings.clear();
            int it = start;
            int savedIt = resume ? start : -1;
            Path lastSaved = resume ? init.file() : null;
            boolean stopped = false;
            boolean interrupted = false;
            while (it < s.iterMax()) {
                if (stopRequested) {
                    interrupted = true;
                    break;
                }
                Map<String, Batch> b;
                double waitMs;
                if (first != null) {
                    b = first;
                    waitMs = firstWait;
                    first = null;
                } else if (reused != null) {
                    b = reused;
                    waitMs = 0;
                } else {
                    long t0 = System.nanoTime();
                    b = sources.next();
                    waitMs = (System.nanoTime() - t0) / 1e6;
                }
                Map<String, Double> terms = new LinkedHashMap<>();
                StepTiming t;
                try {
                    t = step(it, b, waitMs, terms);
                } catch (NonFiniteLoss e) {
                    if (bar != null) {
                        bar.breakLine();
                    }
                    String msg = "iteration " + (it + 1) + ": the training loss is not finite (" + e.getMessage()
                            + "); training stopped before this step changed the weights, "
                            + (lastSaved != null ? "the last checkpoint is " + lastSaved + " (iteration " + savedIt + ")"
                            : "no checkpoint was written")
                            + "; check the images for extreme values or lower the learning rate";
                    log.toFile(msg);
                    throw new PymicException(ExitCode.DATA, msg);
                }
                it++;
                if (method.hookInterval() > 0 && it % method.hookInterval() == 0) {
                    withRunContext(it, log, method::everyInterval);
                }
                timings.add(t);
                stepListener.accept(it);
                roundTime = roundTime.plus(t);
                roundSteps++;
                logTime = logTime.plus(t);
                logSteps++;
                terms.forEach((k, v) -> sums.merge(k, v, Double::sum));
                terms.forEach((k, v) -> logSums.merge(k, v, Double::sum));
                if (bar != null) {
                    bar.step(it, terms.getOrDefault("loss", Double.NaN));
                }
                if (s.iterLog() > 0 && it % s.iterLog() == 0) {
                    metrics.appendTrain(it, means(logSums, logSteps), learningRate(), logTime.scaled(1.0 / logSteps));
                    logSums.clear();
                    logTime = StepTiming.zero();
                    logSteps = 0;
                }
                // validation rounds count from iter_start, so a run resumed at any iteration keeps the grid
                boolean validNow = Math.floorMod(it - s.iterStart(), s.iterValid()) == 0 || it == s.iterMax();
                if (!validNow) {
                    continue;
                }
                if (bar != null) {
                    bar.breakLine();
                }
                int n = roundSteps;
                Map<String, Double> means = means(sums, n);
                double lr = learningRate();
                double[] classDice = validate();
                double dice = classDice.length == 0 ? Double.NaN : ClassDice.meanForeground(classDice);
                // without a finite score (no validation cases) schedules and early stopping hear nothing
                boolean scored = Double.isFinite(dice);
                if (scored) {
                    for (TrainingOptimizer o : optimizers.values()) {
                        o.afterValidation(it, dice);
                    }
                }
                withRunContext(it, log, ctx -> method.afterValidation(ctx, classDice));
                StepTiming mean = roundTime.scaled(1.0 / n);
                log.info(String.format(Locale.ROOT, "it %d lr %.3g train %s | valid avg fg dice %.4f %s | ms/it data %.1f "
                        + "fwd %.1f bwd %.1f upd %.1f", it, lr, fmt(means), dice, fmt(classDice), mean.dataMs(),
                        mean.forwardMs(), mean.backwardMs(), mean.updateMs()));
                metrics.appendValid(it, means, lr, dice, classDice, mean);
                sums.clear();
                roundTime = StepTiming.zero();
                roundSteps = 0;
                boolean better = scored && dice > bestDice;
                if (better) {
                    int oldBest = bestIt;
                    bestDice = dice;
                    bestIt = it;
                    lastSaved = save(dir, prefix, it, dice, bestIt, bestDice);
                    savedIt = it;
                    Checkpoint.writePointer(dir, prefix, "best", it);
                    // the newest full checkpoint: what a run killed from here on resumes from
                    Checkpoint.writePointer(dir, prefix, "latest", it);
                    if (oldBest != it && !s.iterSave().contains(oldBest)) {
                        deleteQuietly(Checkpoint.path(dir, prefix, oldBest));
                    }
                }
                boolean stopNow = s.earlyStopPatience() != null && scored && it - bestIt > s.earlyStopPatience();
                if (s.iterSave().contains(it) || stopNow || it == s.iterMax()) {
                    if (!better) {
                        lastSaved = save(dir, prefix, it, dice, bestIt, bestDice);
                        savedIt = it;
                    }
                    Checkpoint.writePointer(dir, prefix, "latest", it);
                }
                if (stopNow) {
                    log.info("early stop at iteration " + it + ": no improvement since " + bestIt);
                    stopped = true;
                    break;
                }
            }
            Path resumeFrom = null;
            if (interrupted) {
                if (bar != null) {
                    bar.breakLine();
                }
                if (it > start && savedIt != it) {
                    lastSaved = save(dir, prefix, it, Double.NaN, bestIt, bestDice);
                    savedIt = it;
                }
                if (it > start) {
                    Checkpoint.writePointer(dir, prefix, "latest", it);
                }
                resumeFrom = savedIt == it ? lastSaved : null;
                log.toFile("interrupted at iteration " + it + " of " + s.iterMax()
                        + (resumeFrom == null ? ", before the first step" : "; checkpoint " + resumeFrom));
            }
            log.info(String.format(Locale.ROOT, "best iteration %d, valid avg fg dice %.4f", bestIt, bestDice));
            return new TrainingSummary(it, bestIt, bestDice, stopped, interrupted, resumeFrom);
        }
    }

    private double learningRate() {
        return optimizers.isEmpty() ? Double.NaN : optimizers.values().iterator().next().learningRate();
    }

    private static Map<String, Double> means(Map<String, Double> sums, int n) {
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((k, v) -> means.put(k, v / n));
        return means;
    }

    /** The best validation score a checkpoint knows of ({@code best_valid_pred}), -1 when none is finite. */
    private static double bestScore(Checkpoint c) {
        Object v = c.meta().get("best_valid_pred");
        if (!(v instanceof Number)) {
            v = c.meta().get("valid_pred");
        }
        return v instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : -1;
    }

    private static int intMeta(Checkpoint c, String key, int dflt) {
        Object v = c.meta().get(key);
        return v instanceof Number n ? n.intValue() : dflt;
    }

    /** State blobs of the method are stored in checkpoints under this prefix. */
    static final String METHOD_STATE = "method_";

    /** One open batch source per stream of the method, read together. */
    private final class Sources implements AutoCloseable {
        private final Map<String, BatchSource> open = new LinkedHashMap<>();

        Sources(List<StreamSpec> specs, int start) {
            for (StreamSpec st : specs) {
                open.put(st.name(), streams.get(st.name()).open(start));
            }
        }

        Map<String, Batch> next() {
            Map<String, Batch> m = new LinkedHashMap<>();
            open.forEach((k, v) -> m.put(k, v.next()));
            return m;
        }

        @Override
        public void close() {
            open.values().forEach(BatchSource::close);
        }
    }

    private void withRunContext(int it, RunLog log, java.util.function.Consumer<RunContext> hook) {
        try (NDManager hm = manager.newSubManager()) {
            hook.accept(new RunContext() {
                @Override
                public int iteration() {
                    return it;
                }

                @Override
                public Map<String, SegNetwork> networks() {
                    return networks;
                }

                @Override
                public SegmentationDataset dataset(String stream) {
                    SegmentationDataset d = datasets.get(stream);
                    if (d == null) {
                        throw new IllegalArgumentException("no dataset for stream '" + stream + "' (have "
                                + datasets.keySet() + ")");
                    }
                    return d;
                }

                @Override
                public SlidingWindowInferer inferer() {
                    return inferer;
                }

                @Override
                public NDManager manager() {
                    return hm;
                }

                @Override
                public Volume predict(Volume image, List<String> names) {
                    try (NDManager pm = hm.newSubManager()) {
                        return NetworkModels.meanLogits(inferer, image, names.stream().map(networks::get).toList(), pm);
                    }
                }

                @Override
                public void log(String message) {
                    log.info(message);
                }
            });
        }
    }

    private StepTiming step(int it, Map<String, Batch> b, double waitMs, Map<String, Double> terms) {
        Engine.getInstance().setRandomSeed((int) (settings.seed() * 1_000_003L + it));
        if (mixup != null) {
            b = new LinkedHashMap<>(b);
            b.computeIfPresent(StreamSpec.LABELLED.name(), (k, batch) -> mixup.apply(batch, it));
        }
        try (NDManager sm = manager.newSubManager()) {
            StepContext ctx = new StepContext(sm, it, settings.iterMax(), b, networks, loss, methodParams);
            parallel.forEach((name, dp) -> {
                dp.clearPending();
                ctx.withForward(name, dp::forward);
            });
            long t1 = System.nanoTime();
            long t2;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = method.loss(ctx);
                t2 = System.nanoTime();
                double value = StepContext.scalar(l);
                boolean badTerm = ctx.terms().values().stream().anyMatch(v -> !Double.isFinite(v));
                if (!Double.isFinite(value) || badTerm) {
                    // the recorded terms, and the total when they do not show what is wrong
                    throw new NonFiniteLoss(ctx.terms().isEmpty() ? "loss " + num(value)
                            : fmt(ctx.terms()) + (badTerm ? "" : ", total " + num(value)));
                }
                gc.backward(l);
                for (DataParallel dp : parallel.values()) {
                    dp.backwardReplicas(gc);
                }
            }
            long t3 = System.nanoTime();
            parallel.values().forEach(DataParallel::reduceGradients);
            for (TrainingOptimizer o : optimizers.values()) {
                o.step(it);
            }
            method.afterOptimizerStep(ctx);
            // the primaries have stepped (and any hook has run): the replicas take their values
            parallel.values().forEach(DataParallel::broadcast);
            for (TrainingOptimizer o : optimizers.values()) {
                o.afterIteration(it + 1);
            }
            long t4 = System.nanoTime();
            terms.putAll(ctx.terms());
            return new StepTiming(waitMs, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
        }
    }

    /** A step whose loss is NaN or infinite: thrown before the backward pass, so no weight has changed. */
    private static final class NonFiniteLoss extends RuntimeException {
        NonFiniteLoss(String terms) {
            super(terms, null, false, false);
        }
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * Mean per-class Dice over the validation cases (empty when there are none), predicted by the networks
     * {@code pymic infer} uses ({@link Methods#predictionNetworks}).
     */
    public double[] validate() {
        if (validation == null || validation.isEmpty()) {
            return new double[0];
        }
        int inferMode = Methods.inferMode(config.section("network"));
        List<SegNetwork> nets = Methods.predictionNetworks(method, networks, networkFactory.count(), inferMode)
                .stream().map(networks::get).toList();
        // the training steps' freed buffers go back to the system first, so that the validation's arrays,
        // which differ in size from the steps', are not stacked on the steps' leftovers
        NativeMemory.trim();
        double[] sum = null;
        for (ValidationCase c : validation) {
            Volume logits;
            try (NDManager vm = manager.newSubManager()) {
                logits = NetworkModels.meanLogits(inferer, c.image(), nets, vm);
            }
            NativeMemory.trim();
            int k = logits.channels();
            double[] d = ClassDice.of(Prediction.argmax(logits.data(), k), c.label().data(), k);
            if (sum == null) {
                sum = new double[k];
            }
            for (int i = 0; i < k; i++) {
                sum[i] += d[i];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= validation.size();
        }
        return sum;
    }

    private Path save(Path dir, String prefix, int it, double dice, int bestIt, double bestDice) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("iteration", it);
        meta.put("valid_pred", Double.isNaN(dice) ? null : dice);
        meta.put("best_iteration", bestIt);
        meta.put("best_valid_pred", Double.isFinite(bestDice) ? bestDice : null);
        meta.put("method", method.name());
        meta.put("networks", networks.keySet().stream().map(n -> Map.of("name", n, "type", networks.get(n).name())).toList());
        meta.put("seed", settings.seed());
        meta.put("config", config.toMap());
        Map<String, String> sha = new LinkedHashMap<>();
        caseLists.forEach((k, p) -> sha.put(k, sha256(p)));
        meta.put("case_lists_sha256", sha);
        Map<String, ai.djl.nn.Block> blocks = new LinkedHashMap<>();
        networks.forEach((k, v) -> blocks.put(k, v.block()));
        Map<String, byte[]> states = new LinkedHashMap<>();
        optimizers.forEach((k, o) -> states.put("optimizer_" + k, o.saveState()));
        method.saveState().forEach((k, v) -> states.put(METHOD_STATE + k, v));
        Path file = Checkpoint.path(dir, prefix, it);
        Checkpoint.save(file, blocks, states, meta);
        return file;
    }

    static String sha256(Path p) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (IOException e) {
            return "unreadable";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // an extra file is harmless
        }
    }

    private static Shape shapeOf(int[] shape) {
        long[] s = new long[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape[i];
        }
        return new Shape(s);
    }

    private static String fmt(Map<String, Double> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.4f", v)));
        return b.toString();
    }

    private static String fmt(double[] d) {
        StringBuilder b = new StringBuilder("[");
        for (double v : d) {
            b.append(b.length() == 1 ? "" : " ").append(String.format(Locale.ROOT, "%.4f", v));
        }
        return b.append(']').toString();
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }

    /** Builder in the DJL style: the config plus the components of the run (networks, loss, optimisers, data). */
    public static final class Builder {
        private final Config config;
        private TrainingSettings settings;
        private Method method;
        private Params methodParams;
        private NetworkFactory networkFactory;
        private SegLoss loss;
        private BiFunction<String, SegNetwork, TrainingOptimizer> optimizerFactory;
        private final Map<String, BatchSource.Opener> streams = new LinkedHashMap<>();
        private final Map<String, SegmentationDataset> datasets = new LinkedHashMap<>();
        private List<ValidationCase> validation = List.of();
        private SlidingWindowInferer inferer;
        private boolean progress = true;
        private Map<String, Path> caseLists = Map.of();
        private DeviceChoice device;

        private Builder(Config config) {
            this.config = config;
        }

        /** Where the run computes (default: {@link DeviceChoice#of} the config's {@code [training]} section). */
        public Builder optDevice(DeviceChoice device) {
            this.device = device;
            return this;
        }

        public Builder optSettings(TrainingSettings settings) {
            this.settings = settings;
            return this;
        }

        public Builder setMethod(Method method, Params params) {
            this.method = method;
            this.methodParams = params;
            return this;
        }

        public Builder setNetworkFactory(NetworkFactory factory) {
            this.networkFactory = factory;
            return this;
        }

        public Builder setLoss(SegLoss loss) {
            this.loss = loss;
            return this;
        }

        /** Builds the optimiser (with its schedule) of each learning network, given its name. */
        public Builder setOptimizerFactory(BiFunction<String, SegNetwork, TrainingOptimizer> factory) {
            this.optimizerFactory = factory;
            return this;
        }

        /** The batches of the labelled stream ({@link StreamSpec#LABELLED}). */
        public Builder setLabelled(BatchSource.Opener labelled) {
            return optStream(StreamSpec.LABELLED.name(), labelled);
        }

        /** The batches of the unlabelled stream ({@link StreamSpec#UNLABELLED}); null for none. */
        public Builder optUnlabelled(BatchSource.Opener unlabelled) {
            return optStream(StreamSpec.UNLABELLED.name(), unlabelled);
        }

        /** The batches of stream {@code name}; null removes it. */
        public Builder optStream(String name, BatchSource.Opener opener) {
            if (opener == null) {
                streams.remove(name);
            } else {
                streams.put(name, opener);
            }
            return this;
        }

        /** The dataset behind stream {@code name}, for the method's hooks ({@link RunContext#dataset}). */
        public Builder optDataset(String name, SegmentationDataset dataset) {
            datasets.put(name, dataset);
            return this;
        }

        public Builder optValidation(List<ValidationCase> cases) {
            this.validation = List.copyOf(cases);
            return this;
        }

        public Builder optInferer(SlidingWindowInferer inferer) {
            this.inferer = inferer;
            return this;
        }

        public Builder optProgress(boolean progress) {
            this.progress = progress;
            return this;
        }

        /** Case lists whose SHA-256 goes into checkpoint metadata, by config key. */
        public Builder optCaseLists(Map<String, Path> caseLists) {
            this.caseLists = new LinkedHashMap<>(caseLists);
            return this;
        }

        public SegmentationTrainer build() {
            return new SegmentationTrainer(this);
        }
    }
}
