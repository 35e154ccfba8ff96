package org.pymic.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pymic.core.catalog.SectionCatalog;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;
import org.pymic.io.data.BatchLoader;
import org.pymic.io.data.CaseCache;
import org.pymic.io.data.LabelMode;
import org.pymic.io.data.Sample;
import org.pymic.io.data.SegmentationDataset;
import org.pymic.io.transform.LabelTransform;
import org.pymic.io.transform.Transform;
import org.pymic.io.transform.TransformChain;
import org.pymic.loss.Losses;
import org.pymic.net.Networks;
import org.pymic.net.SegNetwork;
import org.pymic.train.infer.Prediction;
import org.pymic.train.method.FullySupervised;
import org.pymic.train.method.Method;
import org.pymic.train.method.NetworkFactory;
import org.pymic.train.method.StreamSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link SegmentationTrainer} from a PyMIC config, as PyMIC's {@code train} command does.
 *
 * <ul>
 *   <li>{@code [dataset]}: {@code train_csv} (labelled), {@code train_csv_unlab} (semi-supervised),
 *       {@code valid_csv}; CSV paths are relative to the working folder, image paths inside them to
 *       {@code train_dir} ({@code valid_dir} for the validation list), falling back to {@code root_dir};
 *       {@code modal_num}, {@code train_batch_size}, {@code train_batch_size_unlab} (default: the labelled
 *       size), {@code num_worker} (capped at the number of processors), {@code cache_mb} (pymic: decoded
 *       training cases kept in memory, default in the config reference), {@code train_transform},
 *       {@code train_transform_unlab} (default: {@code train_transform} without its label transforms),
 *       {@code valid_transform} (default: {@code train_transform}, as PyMIC).</li>
 *   <li>{@code supervise_type} (when absent, from the method section present): {@code fully_sup}
 *       trains {@link FullySupervised}; {@code semi_sup},
 *       {@code weak_sup} and {@code noisy_label} take {@code method_name} (or PyMIC's older
 *       {@code ssl_method}/{@code wsl_method}/{@code nll_method}) and its parameters from
 *       {@code [semi_supervised_learning]}, {@code [weakly_supervised_learning]} or
 *       {@code [noisy_label_learning]}. Without a method name, weak and noisy labels train fully
 *       supervised: partial labels then rely on {@code PartialLabelToProbability} in the transforms (pixel
 *       weight 0 where not annotated), as PyMIC's baseline configs do.</li>
 *   <li>{@code [network]}: {@code net_type} (a list builds one network per name), {@code class_num};
 *       the network's own dimension decides whether 3D samples are folded slice-wise into 2D batches.</li>
 *   <li>{@code [training]}: loss ({@link Losses#fromConfig}), optimiser and schedule
 *       ({@link NetworkOptimizer#fromConfig}), loop keys ({@link TrainingSettings}); {@code random_seed}
 *       seeds the loaders too.</li>
 *   <li>Validation: each {@code valid_csv} case after {@code valid_transform}, label as class indices on
 *       the transformed grid (one-hot labels are turned back into indices); predicted with the
 *       {@code [testing]} sliding-window settings, or on the whole image when they are not enabled.</li>
 * </ul>
 */
public final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
    /** {@code num_worker} when the config does not say. */
    public static final int DEFAULT_WORKERS = SectionCatalog.defaultInt(SectionCatalog.DATASET, "num_worker");

    /** {@code cache_mb} when the config does not say: decoded training cases kept in memory. */
    public static final int DEFAULT_CACHE_MB = SectionCatalog.defaultInt(SectionCatalog.DATASET, "cache_mb");

    private TrainingRun() {
    }

    /** The trainer of a config; {@code progress} shows a progress bar on the console. */
    public static SegmentationTrainer trainer(Config config, boolean progress) {
        return trainer(RunPlan.resolve(config), progress);
    }

    /** The trainer of a resolved plan: its streams' loaders, the validation cases read once, the rest as planned. */
    public static SegmentationTrainer trainer(RunPlan plan, boolean progress) {
        Config config = plan.config();
        ConfigSection ds = config.section("dataset");
        ConfigSection training = config.section("training");
        TrainingSettings settings = plan.settings();
        CaseCache cache = cache(ds);
        SegmentationTrainer.Builder builder = SegmentationTrainer.builder(config);
        for (RunPlan.Stream s : plan.streams()) {
            StreamSpec st = s.spec();
            SegmentationDataset data = new SegmentationDataset(s.cases(), s.chain(),
                    st.labelled() ? LabelMode.LABELLED : LabelMode.UNLABELLED, cache, plan.loadRules(s));
            builder.optStream(st.name(), new LoaderBatches(data, s.batchSize(), plan.workers(), s.seed(),
                    st.labelled() ? plan.classNum() : 0, plan.networkDim(), s.views()));
            builder.optDataset(st.name(), data);
        }
        List<ValidationCase> validation = plan.validCsv() == null ? List.of()
                : validationCases(new SegmentationDataset(plan.validCases(), plan.validChain(), LabelMode.LABELLED,
                        null, plan.validLoadRules()), settings.seed());
        return builder
                .optSettings(settings)
                .optDevice(plan.device())
                .setMethod(plan.method().method(), plan.method().params())
                .setNetworkFactory(plan.networks())
                .setLoss(plan.loss())
                .setOptimizerFactory((name, n) -> NetworkOptimizer.fromConfig(n, training))
                .optValidation(validation)
                .optInferer(plan.inferer())
                .optProgress(progress)
                .optCaseLists(plan.caseLists())
                .build();
    }

    /** The method of a config with its resolved parameters. */
    public record MethodChoice(Method method, Params params) {
    }

    /** The method of {@link Config#supervision} and its section (FullySupervised when none is named). */
    public static MethodChoice method(Config config) {
        ConfigSection ds = config.section("dataset");
        String type = config.supervision();
        String sectionName;
        String oldKey;
        switch (type) {
            case "fully_sup" -> {
                return fullySupervised();
            }
            case "semi_sup" -> {
                sectionName = "semi_supervised_learning";
                oldKey = "ssl_method";
            }
            case "weak_sup" -> {
                sectionName = "weakly_supervised_learning";
                oldKey = "wsl_method";
            }
            case "noisy_label" -> {
                sectionName = "noisy_label_learning";
                oldKey = "nll_method";
            }
            default -> throw new PymicException(ExitCode.CONFIG, where(ds, "supervise_type")
                    + ": [dataset] supervise_type expects fully_sup, semi_sup, weak_sup or noisy_label, got '" + type + "'");
        }
        ConfigSection s = config.section(sectionName);
        String name = s.getString("method_name", s.getString(oldKey, null));
        if (name == null) {
            if (type.equals("semi_sup")) {
                throw new PymicException(ExitCode.CONFIG, s.location() + ": [" + sectionName
                        + "] method_name is missing; supervise_type = semi_sup needs a method such as EntropyMinimization");
            }
            return fullySupervised();
        }
        if (type.equals("weak_sup") && Registry.global().find(ComponentKind.METHOD, "WSL" + name).isPresent()) {
            // PyMIC reuses names across sections (EntropyMinimization is both semi- and weakly supervised)
            name = "WSL" + name;
        }
        ComponentSpec spec;
        try {
            spec = Registry.global().require(ComponentKind.METHOD, name);
        } catch (PymicException e) {
            throw new PymicException(e.exitCode(), where(s, s.has("method_name") ? "method_name" : oldKey) + ": ["
                    + sectionName + "] " + e.getMessage(), e);
        }
        Map<String, Object> values = new LinkedHashMap<>(s.values());
        ConfigSection training = config.section("training");
        values.putIfAbsent("iter_valid", training.intOrDefault("iter_valid"));
        values.putIfAbsent("iter_max", training.get("iter_max"));
        Params p;
        try {
            p = Params.resolve(spec, values);
        } catch (PymicException e) {
            throw new PymicException(e.exitCode(), s.location() + ": [" + sectionName + "] " + e.getMessage(), e);
        }
        return new MethodChoice(spec.create(p), p);
    }

    private static MethodChoice fullySupervised() {
        return new MethodChoice(new FullySupervised(), Params.empty(FullySupervised.NAME));
    }

    /** One network per {@code net_type} entry, built from the {@code [network]} keys. */
    public static NetworkFactory networkFactory(ConfigSection net) {
        List<String> types = net.getStringList("net_type");
        if (types == null || types.isEmpty()) {
            throw new PymicException(ExitCode.CONFIG, where(net, "net_type") + ": [network] net_type is missing");
        }
        Map<String, Object> values = net.values();
        for (String t : types) {
            try {
                Registry.global().require(ComponentKind.NETWORK, t);
            } catch (PymicException e) {
                throw new PymicException(e.exitCode(), where(net, "net_type") + ": [network] " + e.getMessage(), e);
            }
        }
        return new NetworkFactory() {
            @Override
            public int count() {
                return types.size();
            }

            @Override
            public SegNetwork create(int index) {
                return Networks.create(types.get(index), values);
            }
        };
    }

    /** Reads and transforms the validation cases once (a fixed generator: validation transforms are not random). */
    static List<ValidationCase> validationCases(SegmentationDataset data, long seed) {
        List<ValidationCase> out = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            Sample s = data.get(i, BatchLoader.sampleRandom(seed, 0, i));
            Volume label = s.label();
            if (label == null) {
                throw PymicException.data(data.describe(i) + ": validation case has no label");
            }
            out.add(new ValidationCase(s.name(), s.image(), indexLabel(label, s.pixelWeight())));
        }
        return out;
    }

    /**
     * A validation label as class indices, {@link ValidationCase#NOT_ANNOTATED} where it is not annotated:
     * pixel weight 0 (e.g. after {@code PartialLabelToProbability}) or a one-hot vector of zeros.
     */
    static Volume indexLabel(Volume label, Volume pixelWeight) {
        int k = label.channels();
        float[] idx = k > 1 ? Prediction.argmax(label.data(), k) : label.data().clone();
        int n = label.voxels();
        float[] l = label.data();
        float[] w = pixelWeight == null ? null : pixelWeight.data();
        for (int i = 0; i < n; i++) {
            boolean annotated = w == null || w[i] > 0;
            if (k > 1 && annotated) {
                float sum = 0;
                for (int c = 0; c < k; c++) {
                    sum += l[c * n + i];
                }
                annotated = sum > 0;
            }
            if (!annotated) {
                idx[i] = ValidationCase.NOT_ANNOTATED;
            }
        }
        return label.withData(idx, 1);
    }

    static TransformChain withoutLabelTransforms(TransformChain chain) {
        List<Transform> kept = chain.transforms().stream().filter(t -> !(t instanceof LabelTransform)).toList();
        return new TransformChain(kept);
    }

    /** {@code key} as a CSV path relative to the working folder; null when absent and optional. */
    /**
     * The case list of {@code key}: relative to the working folder as PyMIC does, or, when not found
     * there, relative to the image root ({@code train_dir}/{@code root_dir}), so a config can name the
     * lists that sit beside the images without spelling their folder twice.
     */
    public static Path caseListPath(ConfigSection ds, String key, boolean required) {
        if (!ds.has(key)) {
            if (required) {
                throw new PymicException(ExitCode.CONFIG, where(ds, key) + ": [dataset] " + key
                        + " is missing; expected a CSV file of cases");
            }
            return null;
        }
        Path p = Path.of(ds.getString(key, ""));
        if (java.nio.file.Files.isRegularFile(p)) {
            return p;
        }
        Path root = root(ds, "train_dir");
        if (root != null && !p.isAbsolute() && java.nio.file.Files.isRegularFile(root.resolve(p))) {
            return root.resolve(p);
        }
        throw new PymicException(ExitCode.INPUT, where(ds, key) + ": [dataset] " + key + " = " + p
                + ": file not found (looked in the working folder " + Path.of("").toAbsolutePath()
                + (root == null ? "" : " and in " + root) + ")");
    }

    /** The image root: {@code key} (train_dir, test_dir), else root_dir, else the working folder. */
    static Path root(ConfigSection ds, String key) {
        String r = ds.getString(key, ds.getString("root_dir", null));
        return r == null ? null : Path.of(r);
    }

    /**
     * {@code [dataset] cache_mb}: one budget shared by the labelled and unlabelled training cases, at most
     * half of the Java heap (the rest is for the loader's working copies and the run).
     */
    static CaseCache cache(ConfigSection ds) {
        int mb = ds.intOrDefault("cache_mb");
        if (mb < 0) {
            throw new PymicException(ExitCode.CONFIG, where(ds, "cache_mb") + ": [dataset] cache_mb must be >= 0, got " + mb);
        }
        long half = Runtime.getRuntime().maxMemory() / 2 / (1024 * 1024);
        if (mb > half) {
            // the launcher sizes the heap for the cases there are (MemoryPlan), so a budget above what the
            // data needs is usual; a warning would only be right when the cases do not fit
            LOG.info("{}: cache_mb = {} is more than half the Java heap; keeping at most {} MB of decoded cases"
                    + " (a larger heap: PYMIC_JAVA_OPTS=-Xmx...)", where(ds, "cache_mb"), mb, half);
            return CaseCache.ofMegabytes(half);
        }
        return CaseCache.ofMegabytes(mb);
    }

    /** {@code [dataset] num_worker}, checked, at most the number of processors. */
    public static int workers(ConfigSection ds) {
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        int n = ds.intOrDefault("num_worker");
        if (n < 0) {
            throw new PymicException(ExitCode.CONFIG, where(ds, "num_worker") + ": [dataset] num_worker must be >= 0, got " + n);
        }
        return Math.min(n, cores);
    }

    static int positive(ConfigSection ds, String key, int dflt) {
        int v = ds.getInt(key, dflt);
        if (v < 1) {
            throw new PymicException(ExitCode.CONFIG, where(ds, key) + ": [" + ds.name() + "] " + key
                    + " must be at least 1, got " + v);
        }
        return v;
    }

    /**
     * Refuses {@code [dataset] tensor_type = double} by name: PyMIC then computes in float64, pymic computes in
     * float32 only ({@code float}, the default, is PyMIC's float32).
     */
    public static void requireFloat(ConfigSection ds) {
        String t = ds.stringOrDefault("tensor_type");
        if (!t.equals("float")) {
            throw new PymicException(t.equals("double") ? ExitCode.NOT_IMPLEMENTED : ExitCode.CONFIG,
                    where(ds, "tensor_type") + ": [dataset] tensor_type = " + t + (t.equals("double")
                            ? " is not implemented: pymic computes in float32; use tensor_type = float"
                            : " expects float"));
        }
    }

    static String where(ConfigSection s, String key) {
        return s.entry(key).map(e -> e.location()).orElse(s.location());
    }
}
