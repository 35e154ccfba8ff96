package org.pymic.train.method;

import java.util.List;

/**
 * A named stream of training batches that a method reads every step, and where the config says what it
 * holds: the case list key, the batch-size key and the transform key of {@code [dataset]}, and whether
 * its cases carry labels. The loop opens one loader per stream, seeded with {@code random_seed} plus the
 * stream's position in {@link Method#streams()}, so a method gets the same batches for the same seed
 * whatever the thread count.
 *
 * <p>{@code views} (may be empty) names extra copies of each sample made by the chain of
 * {@code viewTransformKey} after the stream's own transforms (strong augmentations for weak-to-strong
 * consistency); a view's image reaches the step as the batch extra of that name.
 *
 * @param name the stream's name in the step ({@link StepContext#batch(String)})
 * @param csvKey {@code [dataset]} key of the case list, e.g. {@code train_csv}
 * @param batchKey key of the batch size; when absent the labelled batch size is used
 * @param transformKey key of the transform list; when absent the labelled list is used (without its
 *     label transforms for unlabelled streams)
 * @param labelled whether the cases have labels (class indices or partial / noisy labels)
 * @param views names of strong views, empty for none
 * @param viewTransformKey key of the views' transform list, null without views
 */
public record StreamSpec(String name, String csvKey, String batchKey, String transformKey, boolean labelled,
                         List<String> views, String viewTransformKey) {
    /** PyMIC's labelled training data: {@code train_csv}, {@code train_batch_size}, {@code train_transform}. */
    public static final StreamSpec LABELLED = new StreamSpec("labelled", "train_csv", "train_batch_size",
            "train_transform", true, List.of(), null);
    /** PyMIC's unlabelled data: {@code train_csv_unlab}, {@code train_batch_size_unlab}, {@code train_transform_unlab}. */
    public static final StreamSpec UNLABELLED = new StreamSpec("unlabelled", "train_csv_unlab",
            "train_batch_size_unlab", "train_transform_unlab", false, List.of(), null);
    /** A second labelled stream of noisy labels (DAST): {@code train_csv_noise}, {@code train_batch_size_noise}. */
    public static final StreamSpec NOISY = new StreamSpec("noisy", "train_csv_noise", "train_batch_size_noise",
            "train_transform", true, List.of(), null);

    /** The streams of most semi-supervised methods: labelled, then unlabelled. */
    public static final List<StreamSpec> SEMI_SUPERVISED = List.of(LABELLED, UNLABELLED);

    public StreamSpec {
        views = List.copyOf(views);
    }

    /** This stream with strong views made by the transform list of {@code viewTransformKey}. */
    public StreamSpec withViews(String viewTransformKey, String... viewNames) {
        return new StreamSpec(name, csvKey, batchKey, transformKey, labelled, List.of(viewNames), viewTransformKey);
    }
}
