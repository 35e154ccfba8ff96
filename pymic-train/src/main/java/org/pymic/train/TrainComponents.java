package org.pymic.train;

import java.util.List;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentProvider;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.train.infer.KeepLargestComponent;

/**
 * The post-processing steps of pymic-train, by PyMIC's names (the methods are registered by
 * {@link org.pymic.train.method.MethodProvider}).
 */
public final class TrainComponents implements ComponentProvider {

    @Override
    public List<ComponentSpec> components() {
        return List.of(
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
