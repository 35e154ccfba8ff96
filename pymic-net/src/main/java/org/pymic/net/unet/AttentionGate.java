package org.pymic.net.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;
import org.pymic.net.layer.ConvNd;
import org.pymic.net.layer.Interp;
import org.pymic.net.layer.Layers;
import org.pymic.net.layer.Layout;
import org.pymic.net.layer.NetBlock;
import org.pymic.net.layer.Resize;

/**
 * Additive attention gate of Attention U-Net (Oktay et al., "Attention U-Net: Learning Where to
 * Look for the Pancreas", MIDL 2018), in PyMIC's form: the low-level (skip) feature x_l is
 * resized to the gating feature x_h's size (bilinear, align_corners=False),
 * a = sigmoid(W2 * relu(W_l * x_l' + W_h * x_h)) with 1x1 convolutions to F = min(C_l, C_h)/2
 * channels and then one, a is resized back to x_l's size, and the output is a * x_l.
 * Input: NDList(x_l, x_h).
 */
public final class AttentionGate extends NetBlock {
    private final ConvNd convL;
    private final ConvNd convH;
    private final ConvNd conv2;
    private final Layout layout;

    /** @param layout memory order of both inputs, kept in the output */
    public AttentionGate(int rank, int chnsLow, int chnsHigh, Layout layout) {
        this.layout = layout;
        int mid = Math.min(chnsLow, chnsHigh) / 2;
        convL = child("conv1_l", Layers.conv(rank, chnsLow, mid, 1));
        convH = child("conv1_h", Layers.conv(rank, chnsHigh, mid, 1));
        conv2 = child("conv2", Layers.conv(rank, mid, 1, 1));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray xl = inputs.get(0);
        NDArray xh = inputs.get(1);
        long[] low = spatial(xl);
        long[] high = spatial(xh);
        NDArray xlSmall = Resize.resize(xl, high, Interp.LINEAR, false, layout);
        NDArray f = convL.forward(ps, new NDList(xlSmall), training).head()
                .add(convH.forward(ps, new NDList(xh), training).head());
        f = ai.djl.nn.Activation.relu(f);
        NDArray att = ai.djl.nn.Activation.sigmoid(conv2.forward(ps, new NDList(f), training).head());
        att = Resize.resize(att, low, Interp.LINEAR, false, layout);
        // x_l first: the product then keeps x_l's memory order
        return new NDList(xl.mul(att));
    }

    private static long[] spatial(NDArray x) {
        long[] d = x.getShape().getShape().clone();
        return Arrays.copyOfRange(d, 2, d.length);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
