package org.pymic.train.infer;

import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.pymic.core.image.Volume;
import org.pymic.net.SegNetwork;

/**
 * Evaluation-mode prediction of one or several networks on a volume: each network's sliding-window logits,
 * averaged over networks (PyMIC averages logits of ensembles before the softmax).
 */
public final class NetworkModels {
    private NetworkModels() {
    }

    /** The evaluation-mode forward pass of a network as a {@link LogitsModel}. */
    public static LogitsModel of(SegNetwork net) {
        return x -> net.block().forward(new ParameterStore(x.getManager(), false), new NDList(x), false).head();
    }

    /** Mean logits (K,D,H,W) of {@code nets} on {@code image}. */
    public static Volume meanLogits(SlidingWindowInferer inferer, Volume image, List<SegNetwork> nets,
                                    ai.djl.ndarray.NDManager manager) {
        List<float[]> all = new ArrayList<>();
        Volume first = null;
        for (SegNetwork n : nets) {
            Volume v = inferer.infer(image, of(n), n.dim(), manager);
            first = first == null ? v : first;
            all.add(v.data());
        }
        return all.size() == 1 ? first : first.withData(Prediction.mean(all), first.channels());
    }
}
