package org.pymic.train.method;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Batch;
import org.pymic.loss.SegLoss;
import org.pymic.net.SegNetwork;

/** Networks that ignore their input and return fixed logits, for hand-computed loss checks. */
final class ConstantNetworks {
    private ConstantNetworks() {
    }

    /** Fixed logits of {@code shape}; a batch that is a multiple of shape[0] gets that many copies. */
    static SegNetwork of(float[] logits, long... shape) {
        LambdaBlock b = new LambdaBlock(in -> {
            int times = (int) Math.max(1, in.head().getShape().get(0) / shape[0]);
            float[] copies = new float[logits.length * times];
            for (int i = 0; i < times; i++) {
                System.arraycopy(logits, 0, copies, i * logits.length, logits.length);
            }
            long[] s = shape.clone();
            s[0] *= times;
            return new NDList(in.head().getManager().create(copies, new Shape(s)));
        });
        return new SegNetwork("Const", b, 2, 1, (int) shape[1], false);
    }

    static Map<String, SegNetwork> named(Object... nameThenNet) {
        Map<String, SegNetwork> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenNet.length; i += 2) {
            m.put((String) nameThenNet[i], (SegNetwork) nameThenNet[i + 1]);
        }
        return m;
    }

    static Batch batch(int n, int h, int w, float[] label, float[] weight) {
        float[] img = new float[n * h * w];
        return new Batch(img, new int[] {n, 1, h, w}, label, label == null ? null : new int[] {n, label.length / (n * h * w), h, w},
                weight, weight == null ? null : new int[] {n, 1, h, w}, java.util.List.of());
    }

    static StepContext context(NDManager m, int iteration, Batch lab, Batch unlab, Map<String, SegNetwork> nets,
                               SegLoss loss) {
        return new StepContext(m, iteration, 100, lab, unlab, nets, loss, Params.empty("test"));
    }
}
