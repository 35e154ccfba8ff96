package org.pymic.net.cct;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pymic.core.error.PymicException;

/**
 * The perturbation in front of a CCT auxiliary decoder, PyMIC's {@code CCT_aux_decoders} values.
 * Each applies to the deepest encoder feature only, as in PyMIC.
 */
public enum AuxDecoderType {
    /** No perturbation of the feature: the decoder's own dropout layers (per level {@code dropout}) are the noise. */
    DROPOUT("DropOut"),
    /** {@link FeatureDrop}. */
    FEATURE_DROP("FeatureDrop"),
    /** {@link FeatureNoise}. */
    FEATURE_NOISE("FeatureNoise"),
    /** {@link VirtualAdversarial}. */
    VAT("VAT");

    /** PyMIC's default list: one auxiliary decoder of each type. */
    public static final List<String> DEFAULTS = List.of("DropOut", "FeatureDrop", "FeatureNoise", "VAT");

    private final String pymicName;

    AuxDecoderType(String pymicName) {
        this.pymicName = pymicName;
    }

    public String pymicName() {
        return pymicName;
    }

    /** The type PyMIC names {@code name} (case-insensitive); {@code network} names the owner in errors. */
    public static AuxDecoderType parse(String network, String name) {
        for (AuxDecoderType t : values()) {
            if (t.pymicName.equalsIgnoreCase(name.trim())) {
                return t;
            }
        }
        throw PymicException.config("network " + network + ": 'CCT_aux_decoders' has '" + name
                + "': expected " + String.join(", ", Arrays.stream(values()).map(AuxDecoderType::pymicName).toList()));
    }
}
