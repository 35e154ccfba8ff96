package org.pymic.net;

/** The kinds of output a network declares ({@link NetOutput}). */
public enum HeadKind {
    /** The main logits at input resolution: what inference predicts with. */
    MAIN,
    /** Deep-supervision logits at a lower resolution (PyMIC's {@code multiscale_pred}). */
    SCALE,
    /** An auxiliary decoder at full resolution, fed a perturbed feature (CCT). */
    AUX,
    /** Another decoder's prediction at full resolution (dual-branch networks, MCNet). */
    BRANCH,
    /** An intermediate feature map that a loss or method reads (e.g. the bottleneck). */
    FEATURE
}
