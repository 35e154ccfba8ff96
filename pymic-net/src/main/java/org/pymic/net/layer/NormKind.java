package org.pymic.net.layer;

import java.util.Locale;
import org.pymic.core.error.PymicException;

/** Normalisation layer after each convolution of a U-Net block: config key {@code norm}. */
public enum NormKind {
    /** Batch normalisation (PyMIC's default): statistics over the batch and spatial axes. */
    BATCH,
    /** Instance normalisation with learnable affine: statistics per sample and channel. */
    INSTANCE;

    /** Parses {@code batch} / {@code instance} (case-insensitive; also {@code batch_norm}, {@code instance_norm}). */
    public static NormKind parse(String key, String value) {
        String v = value == null ? "batch" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "batch", "batchnorm", "batch_norm", "bn" -> BATCH;
            case "instance", "instancenorm", "instance_norm", "in" -> INSTANCE;
            default -> throw PymicException.config("'" + key + "' = '" + value
                    + "': expected 'batch' or 'instance'");
        };
    }
}
