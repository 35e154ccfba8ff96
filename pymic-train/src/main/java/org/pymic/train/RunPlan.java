package org.pymic.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.io.data.CaseList;
import org.pymic.io.data.LoadRules;
import org.pymic.io.data.SampleViews;
import org.pymic.io.transform.TransformChain;
import org.pymic.loss.Losses;
import org.pymic.loss.SegLoss;
import org.pymic.net.HeadSpec;
import org.pymic.net.SegNetwork;
import org.pymic.train.infer.SlidingWindowInferer;
import org.pymic.train.method.Methods;
import org.pymic.train.method.NetworkFactory;
import org.pymic.train.method.StreamSpec;

/**
 * A config resolved once into what a training run does: the method with its parameters, its networks and
 * their heads, every data stream (case list, case count, batch size, seed, transform chains, views), the
 * loss, the loop settings and the validation and inference settings. {@code pymic check} prints it and
 * {@code pymic train} builds its trainer from it ({@link TrainingRun#trainer(RunPlan, boolean)}), so a
 * config that checks is a config that trains. Resolving reads the case lists but no image.
 */
public final class RunPlan {
    /** One stream of training batches as the run will read it. */
    public record Stream(StreamSpec spec, Path csv, CaseList cases, TransformChain chain, List<String> transforms,
                         int batchSize, long seed, SampleViews views) {
    }

    private final Config config;
    private final TrainingSettings settings;
    private final int classNum;
    private final List<String> netTypes;
    private final NetworkFactory networks;
    private final int netDim;
    private final TrainingRun.MethodChoice method;
    private final List<Stream> streams;
    private final SegLoss loss;
    private final Path validCsv;
    private final CaseList validCases;
    private final TransformChain validChain;
    private final List<String> validTransforms;
    private final SlidingWindowInferer inferer;
    private final int workers;
    private final DeviceChoice device;

    private RunPlan(Config config) {
        this.config = config;
        ConfigSection ds = config.section("dataset");
        ConfigSection net = config.section("network");
        ConfigSection training = config.section("training");
        settings = TrainingSettings.from(training);
        TrainingRun.requireFloat(ds);
        device = DeviceChoice.of(training);
        classNum = net.requireInt("class_num");
        netTypes = net.getStringList("net_type");
        networks = TrainingRun.networkFactory(net);
        Methods.inferMode(net); // a bad value fails now, not at the first validation
        SegNetwork first = networks.create(0);
        netDim = first.dim();
        method = TrainingRun.method(config);
        Mixup.fromConfig(training, method.method(), settings.seed()); // a bad value or method fails now
        workers = TrainingRun.workers(ds);
        LoadRules.nonFinite(ds); // a bad value fails now, not when the first case is read
        int modalNum = ds.intOrDefault("modal_num");
        Path trainRoot = TrainingRun.root(ds, "train_dir");
        List<String> trainNames = ds.getStringList("train_transform");
        TransformChain trainChain = TransformChain.fromConfig(ds, trainNames, classNum);
        int batch = TrainingRun.positive(ds, "train_batch_size", 1);
        List<StreamSpec> specs = method.method().streams();
        List<Stream> s = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            StreamSpec st = specs.get(i);
            Path csv = TrainingRun.caseListPath(ds, st.csvKey(), i == 0);
            if (csv == null) {
                throw new PymicException(ExitCode.CONFIG, TrainingRun.where(ds, st.csvKey()) + ": method "
                        + method.method().name() + " reads the " + st.name() + " stream: set [dataset] " + st.csvKey());
            }
            TransformChain chain;
            List<String> names;
            if (st.transformKey().equals("train_transform") || !ds.has(st.transformKey())) {
                chain = st.labelled() ? trainChain : TrainingRun.withoutLabelTransforms(trainChain);
                names = chain.transforms().stream().map(t -> t.getClass().getSimpleName()).toList();
            } else {
                names = ds.getStringList(st.transformKey());
                chain = TransformChain.fromConfig(ds, names, classNum);
            }
            int size = st.batchKey().equals("train_batch_size") ? batch : TrainingRun.positive(ds, st.batchKey(), batch);
            SampleViews views = st.views().isEmpty() ? null : SampleViews.fromConfig(ds, st.viewTransformKey(), st.views());
            // stream i is seeded with random_seed + i: labelled and unlabelled keep their seeds s and s + 1
            s.add(new Stream(st, csv, CaseList.read(csv, trainRoot, modalNum), chain, names, size, settings.seed() + i,
                    views));
        }
        streams = List.copyOf(s);
        loss = Losses.fromConfig(training, classNum);
        validCsv = TrainingRun.caseListPath(ds, "valid_csv", false);
        if (validCsv != null) {
            validTransforms = ds.contains("valid_transform") ? ds.getStringList("valid_transform") : trainNames;
            validChain = TransformChain.fromConfig(ds, validTransforms, classNum);
            Path validRoot = ds.has("valid_dir") ? Path.of(ds.getString("valid_dir", ".")) : trainRoot;
            validCases = CaseList.read(validCsv, validRoot, modalNum);
        } else {
            validTransforms = List.of();
            validChain = null;
            validCases = null;
            String need = validationNeed(training);
            if (need != null) {
                throw new PymicException(ExitCode.CONFIG, need);
            }
        }
        inferer = SlidingWindowInferer.fromConfig(config.section("testing"));
        inferer.checkWindow(netDim, first.sizeMultiple()); // not at the first validation
    }

    /**
     * Why {@code [training]} needs a validation list ({@code early_stop_patience}, or the ReduceLROnPlateau
     * schedule, which act on the validation Dice), as "file:line: message"; null when it needs none.
     */
    public static String validationNeed(ConfigSection training) {
        String need = null;
        if (training.get("early_stop_patience") != null) {
            need = "early_stop_patience";
        } else if (training.get("lr_scheduler") instanceof String name && org.pymic.core.registry.Registry.global()
                .find(org.pymic.core.registry.ComponentKind.LR_SCHEDULER, name)
                .filter(sp -> sp.name().equals("ReduceLROnPlateau")).isPresent()) {
            need = "lr_scheduler";
        }
        if (need == null) {
            return null;
        }
        return TrainingRun.where(training, need) + ": [training] " + need + " = " + training.getString(need, "")
                + " acts on the validation Dice, but [dataset] valid_csv is not set: set valid_csv, or remove " + need;
    }

    /** What reading the cases of stream {@code s} refuses: non-finite values, labels outside the classes. */
    public LoadRules loadRules(Stream s) {
        ConfigSection ds = config.section("dataset");
        return s.spec().labelled() ? LoadRules.labelled(ds, classNum, s.chain(), config.supervision().equals("weak_sup"))
                : LoadRules.images(ds);
    }

    /** What reading the validation cases refuses (partial labels only when their transforms say so). */
    public LoadRules validLoadRules() {
        return LoadRules.labelled(config.section("dataset"), classNum, validChain, false);
    }

    /** Resolves {@code config}; every problem is a {@link PymicException} naming its file, line and key. */
    public static RunPlan resolve(Config config) {
        return new RunPlan(config);
    }

    public Config config() {
        return config;
    }

    public TrainingSettings settings() {
        return settings;
    }

    /** Where training and validation compute ({@code [training] device} and {@code gpus}). */
    public DeviceChoice device() {
        return device;
    }

    public int classNum() {
        return classNum;
    }

    public NetworkFactory networks() {
        return networks;
    }

    public int networkDim() {
        return netDim;
    }

    public TrainingRun.MethodChoice method() {
        return method;
    }

    public List<Stream> streams() {
        return streams;
    }

    public SegLoss loss() {
        return loss;
    }

    public Path validCsv() {
        return validCsv;
    }

    public CaseList validCases() {
        return validCases;
    }

    public TransformChain validChain() {
        return validChain;
    }

    public SlidingWindowInferer inferer() {
        return inferer;
    }

    public int workers() {
        return workers;
    }

    /** The case lists whose hashes go into checkpoints, by config key. */
    public Map<String, Path> caseLists() {
        Map<String, Path> m = new LinkedHashMap<>();
        streams.forEach(s -> m.put(s.spec().csvKey(), s.csv()));
        if (validCsv != null) {
            m.put("valid_csv", validCsv);
        }
        return m;
    }

    /** The plan as text, one fact per line, as {@code pymic check} prints it. */
    public String describe() {
        StringBuilder b = new StringBuilder("run plan:\n");
        List<String> declared = org.pymic.core.registry.Registry.global()
                .find(org.pymic.core.registry.ComponentKind.METHOD, method.method().name())
                .map(sp -> sp.params().stream().map(org.pymic.core.registry.ParamSpec::name).toList()).orElse(List.of());
        Map<String, Object> values = method.params().asMap();
        b.append("  method      ").append(method.method().name()).append(' ').append(declared.stream()
                .map(k -> k + "=" + (values.get(k) == null ? "None" : values.get(k))).toList()).append('\n');
        Map<String, SegNetwork> nets = method.method().createNetworks(networks);
        List<String> trained = method.method().trainedNetworks(nets);
        for (Map.Entry<String, SegNetwork> e : nets.entrySet()) {
            b.append("  network     ").append(e.getKey()).append(": ").append(e.getValue().name())
                    .append(", heads ").append(e.getValue().heads(true).stream().map(HeadSpec::name).toList())
                    .append(trained.contains(e.getKey()) ? ", learns" : ", follows (not trained)").append('\n');
        }
        b.append("  predicts    with ").append(Methods.predictionNetworks(method.method(), nets, netTypes.size(),
                Methods.inferMode(config.section("network")))).append('\n');
        for (Stream s : streams) {
            b.append(String.format(Locale.ROOT, "  stream      %s: %s (%d cases), batch %d, seed %d, transforms %s%s%n",
                    s.spec().name(), s.csv(), s.cases().size(), s.batchSize(), s.seed(), s.transforms(),
                    s.views() == null ? "" : ", views " + s.views().names() + " by " + s.spec().viewTransformKey()));
        }
        b.append("  loss        ").append(loss.name()).append('\n');
        b.append("  device      ").append(device.note()).append('\n');
        b.append(String.format(Locale.ROOT, "  iterations  %d to %d, validation every %d, seed %d, checkpoints in %s%n",
                settings.iterStart(), settings.iterMax(), settings.iterValid(), settings.seed(), settings.ckptDir()));
        if (settings.ckptInitName() != null) {
            b.append("  starts from ").append(settings.ckptInitName())
                    .append(settings.ckptInitMode() == 1 ? " (resume)" : " (weights)").append('\n');
        }
        b.append("  validation  ").append(validCsv == null ? "none" : validCsv + " (" + validCases.size() + " cases), transforms "
                + validTransforms).append('\n');
        return b.toString();
    }
}
