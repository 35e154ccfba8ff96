package org.pymic.train;

import java.util.List;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentProvider;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.train.infer.KeepLargestComponent;
import org.pymic.train.method.EntropyMinimization;
import org.pymic.train.method.FullySupervised;

/**
 * The training methods and post-processing steps of pymic-train, by PyMIC's names. PyMIC methods that
 * pymic does not implement yet are listed without a factory so configs naming them are refused by name.
 */
public final class TrainComponents implements ComponentProvider {

    @Override
    public List<ComponentSpec> components() {
        return List.of(
                ComponentSpec.builder(ComponentKind.METHOD, FullySupervised.NAME)
                        .doc("Fully supervised training with [training] loss_type.")
                        .factory(p -> new FullySupervised()).build(),
                ComponentSpec.builder(ComponentKind.METHOD, EntropyMinimization.NAME)
                        .doc("Semi-supervised Entropy Minimization (Grandvalet and Bengio, 2005).")
                        .optional("regularize_w", ParamType.FLOAT, 0.1, "weight of the entropy term after ramp-up")
                        .optional("rampup_start", ParamType.INT, 0, "iteration where the sigmoid ramp-up starts")
                        .optional("rampup_end", ParamType.INT, null, "iteration where it ends (None: iter_max)")
                        .factory(p -> new EntropyMinimization(p.getDouble("regularize_w"), p.getInt("rampup_start"),
                                p.has("rampup_end") ? p.getInt("rampup_end") : null))
                        .build(),
                ComponentSpec.builder(ComponentKind.POSTPROCESS, "KeepLargestComponent")
                        .doc("Keep the largest connected component of each (listed) foreground class.")
                        .optional("keeplargestcomponent_class_list", ParamType.INT_LIST, null,
                                "classes to clean (None: all foreground classes)")
                        .factory(p -> new KeepLargestComponent(p.has("keeplargestcomponent_class_list")
                                ? p.getList("keeplargestcomponent_class_list").stream()
                                        .map(x -> ((Number) x).intValue()).toList() : null))
                        .build());
    }
}
