package org.pymic.train.method;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
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

    /**
     * One network per type ({@link #oneNetworkPerType}), each required to declare training heads of
     * {@code kind}; otherwise a config error naming the method, what it needs and the network type.
     */
    public static Map<String, SegNetwork> withHeads(NetworkFactory factory, org.pymic.net.HeadKind kind, String method,
                                                    String needs) {
        Map<String, SegNetwork> nets = oneNetworkPerType(factory);
        for (SegNetwork n : nets.values()) {
            if (n.heads(true).stream().noneMatch(h -> h.kind() == kind)) {
                throw PymicException.config(method + " needs " + needs + " ([network] net_type = " + n.name() + ")");
            }
        }
        return nets;
    }

    /** {@code [network] infer_mode}: 0 (PyMIC's default) or 1; anything else is a config error. */
    public static int inferMode(ConfigSection net) {
        int mode = net.getInt("infer_mode", 0);
        if (mode != 0 && mode != 1) {
            throw new PymicException(ExitCode.CONFIG, net.location()
                    + ": [network] infer_mode expects 0 (first network) or 1 (mean of all), got " + mode);
        }
        return mode;
    }

    /**
     * The networks whose mean logits are the prediction, at validation and in {@code pymic infer}, as in
     * PyMIC: a {@code net_type} list ({@code typeCount} &gt; 1) is a MultiNet, which predicts with its first
     * network for {@code infer_mode} 0 and with the mean of all for 1; one configured type trained twice
     * (cross pseudo supervision, co-teaching) is a BiNet, which always averages both.
     */
    public static List<String> predictionNetworks(Method method, Map<String, SegNetwork> networks, int typeCount,
            int inferMode) {
        List<String> names = method.inferenceNetworks(networks);
        return typeCount > 1 && inferMode == 0 && names.size() > 1 ? names.subList(0, 1) : names;
    }
}
