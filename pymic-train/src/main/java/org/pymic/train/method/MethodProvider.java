package org.pymic.train.method;

import java.util.List;
import org.pymic.core.registry.ComponentProvider;
import org.pymic.core.registry.ComponentSpec;

/**
 * Registers every training method under PyMIC's {@code method_name}. Each method declares its parameters,
 * defaults and docs once, as the {@code SPEC} of its class; the config reference and {@code pymic check}
 * read them from the registry.
 *
 * <p>The EMA decay warm-up of the teacher methods lasts PyMIC's {@code [training] iter_valid}
 * iterations; the training run adds {@code iter_valid} (and {@code iter_max}) to the section's values,
 * and without them {@value #DEFAULT_ITER_VALID} is assumed.
 */
public final class MethodProvider implements ComponentProvider {
    /** EMA warm-up period when {@code iter_valid} is not passed along. */
    public static final int DEFAULT_ITER_VALID = 100;

    @Override
    public List<ComponentSpec> components() {
        return List.of(FullySupervised.SPEC, EntropyMinimization.SPEC, MeanTeacher.SPEC,
                UncertaintyAwareMeanTeacher.SPEC, CrossPseudoSupervision.SPEC, TotalVariation.SPEC,
                WeakEntropyMinimization.SPEC, CoTeaching.SPEC, TriNet.SPEC, DAST.SPEC,
                UncertaintyRectifiedPyramidConsistency.SPEC, CrossConsistencyTraining.SPEC, MutualConsistency.SPEC,
                BidirectionalCopyPaste.SPEC, UniMatch.SPEC, GatedCRF.SPEC, MumfordShah.SPEC, DMPLS.SPEC,
                DMSPS.SPEC, USTM.SPEC);
    }
}
