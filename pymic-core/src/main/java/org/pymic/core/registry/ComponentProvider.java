package org.pymic.core.registry;

import java.util.List;

/**
 * A module's contribution to the {@link Registry}, found with {@link java.util.ServiceLoader}: list
 * the implementation in {@code META-INF/services/org.pymic.core.registry.ComponentProvider}.
 */
public interface ComponentProvider {
    List<ComponentSpec> components();
}
