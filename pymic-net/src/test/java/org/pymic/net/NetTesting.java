package org.pymic.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Shared helpers of the network tests: tiny configs and seeded inputs. */
final class NetTesting {
    static final List<Integer> TINY = List.of(4, 8, 16, 32, 64);

    private NetTesting() {
    }

    static Map<String, Object> tiny(int in, int classes, Object... extra) {
        Map<String, Object> m = new HashMap<>();
        m.put("in_chns", in);
        m.put("class_num", classes);
        m.put("feature_chns", TINY);
        for (int i = 0; i < extra.length; i += 2) {
            m.put((String) extra[i], extra[i + 1]);
        }
        return m;
    }

    static NDArray input(NDManager m, Shape s, long seed) {
        Random r = new Random(seed);
        float[] v = new float[(int) s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return m.create(v, s);
    }
}
