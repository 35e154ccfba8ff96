package org.pymic.net;

import java.util.Map;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;

/** Builds a {@link SegNetwork} from a {@code [network]} section: {@code net_type} plus its keys. */
public final class Networks {
    private Networks() {
    }

    /**
     * The network named {@code netType} (case-insensitive, PyMIC's names) built from the section's
     * values, with defaults filled and types checked; keys the network does not declare (such as
     * {@code net_type} itself) are ignored.
     */
    public static SegNetwork create(String netType, Map<String, Object> networkSectionValues) {
        ComponentSpec spec = Registry.global().require(ComponentKind.NETWORK, netType);
        return spec.create(Params.resolve(spec, networkSectionValues));
    }
}
