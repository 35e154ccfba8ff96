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
                        .doc("Keep the largest connected component: of the foreground union (mode 1, PyMIC's"
                                + " default), of each class (mode 2), or of each class inside the union's largest"
                                + " component, else the class's own largest (mode 3, never deletes a class).")
                        .optional("keeplargestcomponent_mode", ParamType.INT, KeepLargestComponent.UNION,
                                "1: largest component of the union of foreground classes (PyMIC); 2: largest"
                                        + " component of each class; 3: per class, the largest inside the union's"
                                        + " largest component, else the class's own largest")
                        .optional("keeplargestcomponent_class_list", ParamType.INT_LIST, null,
                                "classes to clean (None: all foreground classes; pymic's, not PyMIC's)")
                        .factory(p -> new KeepLargestComponent(p.getInt("keeplargestcomponent_mode"),
                                p.has("keeplargestcomponent_class_list")
                                        ? p.getList("keeplargestcomponent_class_list").stream()
                                                .map(x -> ((Number) x).intValue()).toList() : null))
                        .build());
    }
}
