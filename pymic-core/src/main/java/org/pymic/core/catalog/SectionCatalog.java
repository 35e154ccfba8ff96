package org.pymic.core.catalog;

import static org.pymic.core.registry.ParamType.ANY;
import static org.pymic.core.registry.ParamType.BOOL;
import static org.pymic.core.registry.ParamType.FLOAT;
import static org.pymic.core.registry.ParamType.FLOAT_LIST;
import static org.pymic.core.registry.ParamType.INT;
import static org.pymic.core.registry.ParamType.INT_LIST;
import static org.pymic.core.registry.ParamType.LIST;
import static org.pymic.core.registry.ParamType.STRING;
import static org.pymic.core.registry.ParamType.STRING_LIST;

import java.util.List;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;

/**
 * The config sections PyMIC reads, as {@link ComponentKind#SECTION} specs whose parameters are the
 * section's keys, with PyMIC's names and defaults (pymic/net_run/agent_abstract.py, agent_seg.py,
 * get_optimizer.py, infer_func.py, the semi/weakly/noisy-label agents, pymic/util/evaluation_seg.py,
 * post_process.py). Keys read by a named component (network, loss, method parameters, or
 * {@code <Transform>_<param>}) are declared by that component instead.
 */
public final class SectionCatalog {
    /** Section names as PyMIC spells them. */
    public static final String DATASET = "dataset";
    public static final String NETWORK = "network";
    public static final String TRAINING = "training";
    public static final String SEMI = "semi_supervised_learning";
    public static final String WEAK = "weakly_supervised_learning";
    public static final String NOISY = "noisy_label_learning";
    public static final String SELF = "self_supervised_learning";
    public static final String TESTING = "testing";
    public static final String EVALUATION = "evaluation";

    private SectionCatalog() {
    }

    private static ComponentSpec.Builder section(String name, String doc) {
        return ComponentSpec.builder(ComponentKind.SECTION, name).doc(doc).factory(p -> p);
    }

    private static final java.util.Map<String, ComponentSpec> BY_NAME = new java.util.HashMap<>();

    /**
     * The declared default of {@code [section] key}: the one source of a section key's default, for the code
     * that reads the key as well as for {@code pymic check} and the config reference. A key the section does
     * not declare is a programming error.
     */
    public static Object defaultOf(String section, String key) {
        ComponentSpec spec;
        synchronized (BY_NAME) {
            if (BY_NAME.isEmpty()) {
                sections().forEach(s -> BY_NAME.put(s.name(), s));
            }
            spec = BY_NAME.get(section);
        }
        if (spec == null) {
            throw new IllegalArgumentException("no section [" + section + "]");
        }
        return spec.param(key).orElseThrow(() -> new IllegalArgumentException("[" + section + "] does not declare "
                + key)).defaultValue();
    }

    /** {@link #defaultOf} of an integer key. */
    public static int defaultInt(String section, String key) {
        return ((Number) defaultOf(section, key)).intValue();
    }

    /** {@link #defaultOf} of a number key. */
    public static double defaultDouble(String section, String key) {
        return ((Number) defaultOf(section, key)).doubleValue();
    }

    /** {@link #defaultOf} of a boolean key. */
    public static boolean defaultBool(String section, String key) {
        return (Boolean) defaultOf(section, key);
    }

    /** {@link #defaultOf} of a string key (null for None). */
    public static String defaultString(String section, String key) {
        Object v = defaultOf(section, key);
        return v == null ? null : String.valueOf(v);
    }

    /** Every section spec. */
    public static List<ComponentSpec> sections() {
        return List.of(dataset(), network(), training(), method(SEMI, "Semi-supervised learning: the method and its weights."),
                method(WEAK, "Weakly supervised learning from partial labels (scribbles): the method and its weights."),
                method(NOISY, "Learning from noisy labels: the method and its weights."),
                method(SELF, "Self-supervised pre-training (PyMIC); not implemented in pymic."),
                testing(), evaluation());
    }

    static ComponentSpec dataset() {
        return section(DATASET, "Data: case lists, batch sizes and the transform chains.")
                .optional("tensor_type", STRING, "float", "tensor type: float (float32); PyMIC's double is refused, pymic"
                        + " computes in float32")
                .optional("task_type", STRING, "seg", "task: seg (cls, cls_nexcl and rec are PyMIC tasks pymic does not implement)")
                .optional("supervise_type", STRING, "fully_sup", "fully_sup, semi_sup, weak_sup, noisy_label or self_sup")
                .optional("root_dir", STRING, null, "folder the image paths of the CSV files are relative to")
                .optional("train_dir", STRING, null, "root folder for the training lists (defaults to root_dir)")
                .optional("valid_dir", STRING, null, "root folder for the validation list (defaults to train_dir)")
                .optional("test_dir", STRING, null, "root folder for the test list (defaults to root_dir)")
                .optional("train_csv", STRING, null, "CSV of labelled training cases (image columns, then label)")
                .optional("patch_size", INT_LIST, null,
                        "default output_size of Pad, RandomCrop and CenterCrop when their own key is not given")
                .optional("train_csv_unlab", STRING, null, "CSV of unlabelled training cases (semi-supervised)")
                .optional("train_csv_noise", STRING, null, "CSV of cases with noisy labels (DAST)")
                .optional("valid_csv", STRING, null, "CSV of validation cases")
                .optional("test_csv", STRING, null, "CSV of test cases")
                .optional("modal_num", INT, 1, "number of image modalities (channels) per case")
                .optional("train_batch_size", INT, null, "batch size of labelled training data")
                .optional("train_batch_size_unlab", INT, null, "batch size of unlabelled training data")
                .optional("train_batch_size_noise", INT, null, "batch size of noisy-label training data (DAST)")
                .optional("valid_batch_size", INT, 1, "batch size for validation (PyMIC's key; pymic predicts the validation"
                        + " cases one at a time, which gives the same result)")
                .optional("test_batch_size", INT, 1, "batch size for inference (PyMIC's key; pymic infers the test cases one"
                        + " at a time, which gives the same result)")
                .optional("num_worker", INT, 2, "data loading threads, at most the number of processors (PyMIC's default"
                        + " is 8); in inference they read, transform and write cases while the networks predict,"
                        + " which changes no output byte")
                .optional("cache_mb", INT, 1024, "pymic: MB of decoded training cases kept in memory so that later"
                        + " epochs read no files, at most half the Java heap (0 = read the files every time)")
                .optional("nonfinite_policy", STRING, "refuse", "pymic: image and pixel-weight values that are NaN or"
                        + " infinite: refuse (the case is refused with the file and the count) or zero (read as 0);"
                        + " for training, validation and inference alike")
                .optional("train_transform", STRING_LIST, null, "transforms of training data, in order")
                .optional("train_transform_unlab", STRING_LIST, null, "transforms of unlabelled training data")
                .optional("train_transform_strong", STRING_LIST, null, "pymic: non-spatial transforms that make the"
                        + " strong views of unlabelled images (UniMatch), e.g. [RandomColorJitter, RandomGaussianBlur,"
                        + " RandomCutMixBox]")
                .optional("valid_transform", STRING_LIST, null, "transforms of validation data (default: train_transform)")
                .optional("test_transform", STRING_LIST, null, "transforms of test data")
                .build();
    }

    static ComponentSpec network() {
        return section(NETWORK, "The network; keys other than these are the network's own parameters.")
                .required("net_type", STRING_LIST, "network name; a list builds one network per name (co-training)")
                .required("class_num", INT, "number of classes including background")
                .optional("in_chns", INT, 1, "input channels")
                .optional("infer_mode", INT, 0, "with a net_type list: 0 = first network, 1 = mean of all"
                        + " (one type trained twice, as in CPS or co-teaching, always averages both)")
                .optional("multiscale_pred", BOOL, false, "return deep-supervision outputs at several scales")
                .build();
    }

    static ComponentSpec training() {
        return section(TRAINING, "Training loop: loss, optimiser, schedule, iterations and checkpoints.")
                .optional("device", STRING, "auto", "where training and validation compute: auto (the ids of gpus"
                        + " when the engine has CUDA, else the CPU), cpu, cuda (the ids of gpus) or cuda:N (one GPU)")
                .optional("gpus", INT_LIST, List.of(0), "GPU ids; several train data parallel (each batch split over"
                        + " them, as nn.DataParallel), validation computes on the first")
                .optional("device_name", STRING, null, "PyMIC's older name of device (a torch device string such"
                        + " as cuda:0 or cpu), read when device is not set")
                .optional("loss_type", STRING_LIST, "DiceLoss", "loss name, or a list of losses summed with loss_weight")
                .optional("loss_weight", FLOAT_LIST, null, "weights of the losses in loss_type")
                .optional("loss_class_weight", FLOAT_LIST, null, "per-class weights for the losses that accept them")
                .optional("deep_supervise", BOOL, false, "add losses on the multiscale predictions")
                .optional("deep_supervise_weight", FLOAT_LIST, null, "weights of the scales (default: equal)")
                .optional("deep_supervise_mode", INT, 2, "1 = resize predictions to the label, 2 = resize the label")
                .optional("optimizer", STRING, "Adam", "optimiser name")
                .optional("learning_rate", FLOAT, 1e-3, "initial learning rate")
                .optional("momentum", FLOAT, 0.9, "momentum (SGD, RMSprop)")
                .optional("weight_decay", FLOAT, 1e-5, "L2 weight decay")
                .optional("lr_scheduler", STRING, null, "learning-rate schedule name, or None")
                .optional("lr_gamma", FLOAT, 0.5, "decay factor of the step schedules and ReduceLROnPlateau")
                .optional("lr_step", INT, null, "StepLR: iterations between decays")
                .optional("lr_milestones", INT_LIST, null, "MultiStepLR: iterations at which the rate decays")
                .optional("lr_min", FLOAT, 0.0, "CosineAnnealingLR: final learning rate")
                .optional("lr_power", FLOAT, null, "PolynomialLR: power")
                .optional("early_stop_patience", INT, null, "stop when the validation Dice has not improved for this many iterations")
                .optional("ckpt_save_dir", STRING, null, "checkpoint folder (PyMIC 0.3 name)")
                .optional("ckpt_dir", STRING, null, "checkpoint folder (PyMIC 0.4 name)")
                .optional("ckpt_prefix", STRING, null, "checkpoint file prefix (default: the folder's name)")
                .optional("ckpt_init_name", STRING, null, "checkpoint to initialise the network from")
                .optional("ckpt_init_mode", INT, 0, "0 = weights only, 1 = resume (weights, optimiser, iteration)")
                .optional("iter_start", INT, 0, "first iteration")
                .required("iter_max", INT, "last iteration")
                .optional("iter_valid", INT, 100, "iterations between validations")
                .optional("iter_log", INT, 50, "iterations between training rows (loss terms, learning rate) of the metrics file; 0 = none")
                .optional("iter_save", LIST, null, "checkpoint every N iterations, or a list of iterations; as in PyMIC a"
                        + " checkpoint is written at a validation, so only at iterations that are also multiples of"
                        + " iter_valid (besides the best and the last)")
                .optional("mixup_probability", FLOAT, 0.0, "probability that a fully supervised training batch is"
                        + " replaced by its mixup: images and soft labels of two shuffles of the batch mixed with"
                        + " per-sample weights drawn uniformly from [0, 1] (PyMIC's mixup; pixel weights are not mixed)")
                .optional("deterministic", BOOL, true, "seed every random generator with random_seed; False draws a fresh"
                        + " seed for every run (logged and kept in the checkpoints)")
                .optional("random_seed", INT, 1, "the seed")
                .build();
    }

    static ComponentSpec method(String name, String doc) {
        return section(name, doc)
                .optional("method_name", STRING, null, "method name")
                .optional(name.equals(SEMI) ? "ssl_method" : name.equals(WEAK) ? "wsl_method"
                        : name.equals(NOISY) ? "nll_method" : "self_method", STRING, null, "old PyMIC name of method_name")
                // the keys every PyMIC agent reads; a None default here leaves the default to the method's
                // declaration (pymic-train's RegularWeight); the other keys of a method are declared by the
                // method alone
                .optional("regularize_w", FLOAT, null, "weight of the unsupervised / regularisation loss (None: the"
                        + " method's default, 0.1 for most methods, 8 for DMSPS)")
                .optional("rampup_start", INT, 0, "iteration where the sigmoid ramp-up of regularize_w starts")
                .optional("rampup_end", INT, null, "iteration where the ramp-up reaches regularize_w (None: iter_max)")
                .build();
    }

    static ComponentSpec testing() {
        return section(TESTING, "Inference: checkpoint, output folder, sliding window, TTA and post-processing.")
                .optional("device", STRING, "auto", "where inference computes: auto (the first of gpus when the"
                        + " engine has CUDA, else the CPU), cpu, cuda (the first of gpus) or cuda:N")
                .optional("gpus", INT_LIST, List.of(0), "GPU ids; pymic infers on the first")
                .optional("device_name", STRING, null, "PyMIC's older name of device (a torch device string such"
                        + " as cuda:0 or cpu), read when device is not set")
                .optional("ckpt_mode", INT, 0, "0 = latest, 1 = best, 2 = the checkpoint ckpt_name, 3 = ensemble: the"
                        + " logits of the ckpt_name list averaged")
                .optional("ckpt_name", STRING_LIST, null, "checkpoint file with ckpt_mode = 2, or the list of"
                        + " checkpoints of an ensemble with ckpt_mode = 3")
                .optional("output_dir", STRING, null, "folder for the predictions")
                .optional("save_probability", BOOL, false, "also save class probabilities, <name>_prob_<c> (PNG,"
                        + " JPEG and BMP outputs hold them as bytes, (int) (255 p), as PyMIC)")
                .optional("post_process", STRING, null, "post-processing name, or None")
                .optional("sliding_window_enable", BOOL, false, "infer patch by patch; False: the whole image at once,"
                        + " zero-padded up to what the network's poolings divide (16 for a 5-level UNet) and cropped back")
                .optional("sliding_window_size", INT_LIST, null, "window size (D,H,W) or (H,W), in"
                        + " multiples of what the network's poolings divide (16 for a 5-level UNet); 0: the whole axis")
                .optional("sliding_window_stride", INT_LIST, null, "window stride")
                .optional("sliding_window_batch", INT, 1, "windows per forward pass of sliding-window inference"
                        + " (more is faster and needs more memory; the result is the same)")
                .optional("sliding_window_gaussian", BOOL, true, "pymic: blend overlapping windows with Gaussian"
                        + " importance weights (sigma = window / 8, the centre counts most), as PyMIC always does;"
                        + " False averages them uniformly")
                .optional("tta_mode", INT, 0, "test-time augmentation: 0 = none, 1 = mean over flips along H, W and both,"
                        + " 2 = mean over the axial, sagittal and coronal views of a 3D volume (D swapped with W, D"
                        + " swapped with H; a 2D image is refused)")
                .optional("label_source", INT_LIST, null, "convert predicted labels from these values")
                .optional("label_target", INT_LIST, null, "... to these values")
                .optional("filename_replace_source", STRING, null, "part of the output file name to replace")
                .optional("filename_replace_target", STRING, null, "its replacement")
                .optional("dmsps_test_mode", INT, 0, "with a dual-branch network (DMSPS): 0 = the label maps only, 1 ="
                        + " also <name>_predaux (branch 2's labels), <name>_uncertainty (entropy of the branches' mean"
                        + " probability over ln C) and <name>_seeds_expand (the confident labels, C elsewhere, the"
                        + " largest component per class and slice)")
                .optional("dmsps_uncertainty_threshold", FLOAT, 0.1, "dmsps_test_mode = 1: the uncertainty below"
                        + " which a pixel is a seed")
                .build();
    }

    static ComponentSpec evaluation() {
        return section(EVALUATION, "Evaluation of saved segmentations against ground truth.")
                .optional("metric", STRING_LIST, null, "metric name (PyMIC 0.3 name of metric_list)")
                .optional("metric_list", STRING_LIST, null, "metrics to compute")
                .optional("label_list", LIST, null,
                        "labels to evaluate; an item may be a list of labels evaluated as one region, e.g. [1, [1, 2]]")
                .optional("class_number", INT, null, "number of classes (labels 1..n-1 when label_list is not set)")
                .optional("label_fuse", BOOL, false, "evaluate the union of label_list as one foreground")
                .optional("organ_name", STRING, null, "name used in the output file")
                .optional("ground_truth_folder", STRING, null, "folder of the ground truth")
                .optional("ground_truth_folder_root", STRING, null, "folder of the ground truth (older name)")
                .optional("segmentation_folder", STRING_LIST, null, "folder(s) of the segmentations")
                .optional("segmentation_folder_root", STRING_LIST, null, "folder(s) of the segmentations (older name)")
                .optional("evaluation_image_pair", STRING, null, "CSV pairing ground-truth and segmentation names")
                .optional("output_name", STRING, null, "output CSV (default: eval_<metric>.csv in the segmentation folder)")
                .optional("ground_truth_label_convert_source", INT_LIST, null, "convert ground-truth labels from these values")
                .optional("ground_truth_label_convert_target", INT_LIST, null, "... to these values")
                .optional("segmentation_label_convert_source", INT_LIST, null, "convert segmentation labels from these values")
                .optional("segmentation_label_convert_target", INT_LIST, null, "... to these values")
                .build();
    }
}
