package org.pymic.net.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.pymic.net.layer.Layout;

/**
 * A network input made ready for the U-Net blocks, and the way back for the outputs: a 2D network
 * folds (N, C, D, H, W) input into a batch of slices ({@link SliceFold}); every spatial axis must
 * divide by the product of the pooling factors; activations take the configured layout
 * ({@link UNetConfig#layout()}). {@link #finish} returns outputs in standard memory, unfolded.
 */
public final class UNetInput {
    private final NDArray array;
    private final boolean fold;
    private final long n;
    private final long depth;

    private UNetInput(NDArray array, boolean fold, long n, long depth) {
        this.array = array;
        this.fold = fold;
        this.n = n;
        this.depth = depth;
    }

    /** Prepares {@code x} (N, C, spatial...) for a network built from {@code cfg}. */
    public static UNetInput prepare(UNetConfig cfg, NDArray x) {
        boolean fold = cfg.rank == 2 && x.getShape().dimension() == 5;
        long n = x.getShape().get(0);
        long depth = fold ? x.getShape().get(2) : 1;
        if (fold) {
            x = SliceFold.fold(x);
        }
        SliceFold.checkDivisible(cfg.name, x, cfg.sizeMultiple());
        return new UNetInput(cfg.layout.apply(x), fold, n, depth);
    }

    /** The input for the encoder: folded when 5D into a 2D network, in the activations' layout. */
    public NDArray array() {
        return array;
    }

    /** {@code outputs} in standard memory with the input's (N, ..., D, ...) layout of axes restored. */
    public NDList finish(NDList outputs) {
        NDList std = new NDList(outputs.size());
        for (NDArray o : outputs) {
            std.add(Layout.standard(o));
        }
        return fold ? SliceFold.unfold(std, n, depth) : std;
    }
}
