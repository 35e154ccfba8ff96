package org.pymic.net.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Lets a 2D network take a 5D batch (N, C, D, H, W) as PyMIC's 2D networks do: slices are folded
 * into the batch, (N*D, C, H, W), and every output is unfolded back to (N, K, D, H', W').
 */
final class SliceFold {
    private SliceFold() {
    }

    static NDArray fold(NDArray x) {
        long[] d = x.getShape().getShape().clone();
        return x.transpose(0, 2, 1, 3, 4).reshape(d[0] * d[2], d[1], d[3], d[4]);
    }

    static NDList unfold(NDList outs, long n, long depth) {
        NDList r = new NDList(outs.size());
        for (NDArray o : outs) {
            long[] d = o.getShape().getShape().clone();
            r.add(o.reshape(new Shape(n, depth, d[1], d[2], d[3])).transpose(0, 2, 1, 3, 4));
        }
        return r;
    }

    /**
     * Checks that each trailing spatial axis of {@code x} divides by its entry of {@code multiple} (the
     * product of the pooling factors applied to it), so that up-sampled features match their skips.
     */
    static void checkDivisible(String net, NDArray x, int[] multiple) {
        long[] d = x.getShape().getShape();
        int r = multiple.length;
        for (int a = 0; a < r; a++) {
            long total = multiple[a];
            long size = d[d.length - r + a];
            if (size % total != 0) {
                throw org.pymic.core.error.PymicException.data(net + ": input spatial size " + x.getShape()
                        + " must be divisible by " + total + " along axis " + (d.length - r + a)
                        + " (one halving per level); use a patch size that divides");
            }
        }
    }
}
