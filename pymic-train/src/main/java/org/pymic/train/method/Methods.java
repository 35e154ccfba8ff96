package org.pymic.train.method;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pymic.net.SegNetwork;

/** Helpers shared by methods. */
public final class Methods {
    private Methods() {
    }

    /** "net" for a single network type, "net_0", "net_1"... for a {@code net_type} list. */
    public static Map<String, SegNetwork> oneNetworkPerType(NetworkFactory factory) {
        Map<String, SegNetwork> m = new LinkedHashMap<>();
        if (factory.count() == 1) {
            m.put("net", factory.create(0));
        } else {
            for (int i = 0; i < factory.count(); i++) {
                m.put("net_" + i, factory.create(i));
            }
        }
        return m;
    }
}
