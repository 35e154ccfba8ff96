package org.pymic.core.catalog;

import java.util.ArrayList;
import java.util.List;
import org.pymic.core.registry.ComponentProvider;
import org.pymic.core.registry.ComponentSpec;

/**
 * pymic-core's catalogue: the config sections PyMIC reads ({@link SectionCatalog}) and every PyMIC
 * component name ({@link PymicNames}), the latter as not-implemented specs that the implementing
 * modules replace.
 */
public final class CoreCatalog implements ComponentProvider {
    @Override
    public List<ComponentSpec> components() {
        List<ComponentSpec> out = new ArrayList<>(SectionCatalog.sections());
        out.addAll(PymicNames.specs());
        return out;
    }
}
