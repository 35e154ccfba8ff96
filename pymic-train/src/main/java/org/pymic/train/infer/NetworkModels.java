package org.pymic.train.infer;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.net.SegNetwork;
import org.pymic.net.unet.BranchedUNetBlock;

/**
 * Evaluation-mode prediction of one or several networks on a volume: each network's sliding-window logits,
 * averaged over networks (PyMIC averages logits of ensembles before the softmax).
 */
public final class NetworkModels {
    private NetworkModels() {
    }

    /** The evaluation-mode forward pass of a network as a {@link LogitsModel}. */
    public static LogitsModel of(SegNetwork net) {
        return LogitsModel.withSizeMultiple(
                x -> net.block().forward(new ParameterStore(x.getManager(), false), new NDList(x), false).head(),
                net.sizeMultiple());
    }

    /**
     * The evaluation-mode forward pass of a network with several decoders that returns, in one pass, its
     * evaluation output (what {@link #of} returns) followed by every decoder's logits, concatenated along
     * the channels; a network with one output is refused.
     */
    public static LogitsModel mainAndEveryBranch(SegNetwork net) {
        PairList<String, Object> params = new PairList<>();
        params.add(BranchedUNetBlock.MAIN_AND_EVERY_BRANCH, Boolean.TRUE);
        return LogitsModel.withSizeMultiple(x -> {
            NDList out = net.block().forward(new ParameterStore(x.getManager(), false), new NDList(x), false, params);
            if (out.size() < 3) {
                throw PymicException.config("network " + net.name() + " has one decoder: looking at the branches at"
                        + " inference ([testing] dmsps_test_mode = 1) needs a dual-branch network such as"
                        + " UNet2D_DualBranch");
            }
            return NDArrays.concat(out, 1);
        }, net.sizeMultiple());
    }

    /** Mean logits (K,D,H,W) of {@code nets} on {@code image}. */
    public static Volume meanLogits(SlidingWindowInferer inferer, Volume image, List<SegNetwork> nets,
                                    ai.djl.ndarray.NDManager manager) {
        return meanLogits(inferer, image, nets, NetworkModels::of, manager);
    }

    /** Mean over {@code nets} of the logits that {@code model} makes of each network, on {@code image}. */
    public static Volume meanLogits(SlidingWindowInferer inferer, Volume image, List<SegNetwork> nets,
                                    Function<SegNetwork, LogitsModel> model, ai.djl.ndarray.NDManager manager) {
        List<float[]> all = new ArrayList<>();
        Volume first = null;
        for (SegNetwork n : nets) {
            Volume v = inferer.infer(image, model.apply(n), n.dim(), manager);
            first = first == null ? v : first;
            all.add(v.data());
        }
        return all.size() == 1 ? first : first.withData(Prediction.mean(all), first.channels());
    }
}
