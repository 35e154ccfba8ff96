package org.pymic.core.registry;

/** The families of named components a config can refer to. */
public enum ComponentKind {
    /** Data transforms, named in {@code [dataset] train_transform} etc. */
    TRANSFORM("transform"),
    /** Networks, named by {@code [network] net_type}. */
    NETWORK("network"),
    /** Losses, named by {@code [training] loss_type}. */
    LOSS("loss"),
    /** Optimisers, named by {@code [training] optimizer}. */
    OPTIMIZER("optimizer"),
    /** Learning-rate schedules, named by {@code [training] lr_scheduler}. */
    LR_SCHEDULER("lr_scheduler"),
    /** Training methods, named by {@code method_name} in the semi/weakly/noisy sections. */
    METHOD("method"),
    /** Evaluation metrics, named in {@code [evaluation] metric_list}. */
    METRIC("metric"),
    /** Post-processing of predictions, named by {@code [testing] post_process}. */
    POSTPROCESS("post_process"),
    /** Config sections: their keys are the declared parameters. */
    SECTION("section");

    private final String label;

    ComponentKind(String label) {
        this.label = label;
    }

    /** Lower-case name used in messages and the config reference. */
    public String label() {
        return label;
    }
}
