package org.pymic.net.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.util.Pair;

/**
 * Base of pymic's blocks. Every parameter shape is fixed when the block is built (channel counts
 * are known from the config), so initialisation needs no shape inference: children are
 * initialised with the parent's input shapes, which they ignore. This keeps composite blocks with
 * skip connections (U-Nets) free of shape bookkeeping.
 */
public abstract class NetBlock extends AbstractBlock {

    protected NetBlock() {
        super((byte) 1);
    }

    /**
     * What each spatial axis of the input must be a multiple of (H, W for a 2D network; D, H, W for a 3D
     * one), or null when any size goes: whole-image inference pads up to it.
     */
    public int[] sizeMultiple() {
        return null;
    }

    /** Registers a child under a readable name; parameter names become {@code <index><name>_<param>}. */
    protected <B extends Block> B child(String name, B block) {
        return addChildBlock(name, block);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Pair<String, Block> c : getChildren()) {
            c.getValue().initialize(manager, dataType, inputShapes);
        }
    }

    private static volatile boolean releaseIntermediates = true;

    /**
     * Whether forward passes close their intermediates ({@link #release}); true unless a test compares
     * against keeping them all (the outputs and gradients are the same either way).
     */
    public static void setReleaseIntermediates(boolean release) {
        releaseIntermediates = release;
    }

    /**
     * Closes the arrays of {@code done} that are not among {@code kept} (by identity): intermediates of a
     * forward pass that nothing reads any more. Every array an operation makes stays attached to the
     * step's (or the inference window's) manager until that manager closes, so without this a forward
     * pass holds every activation it ever made at once: several times the memory PyTorch needs, which
     * frees a tensor when its last reference goes. Closing releases only this handle: the autograd graph
     * keeps its own references to what the backward pass reads, so gradients do not change.
     */
    public static void release(NDList done, NDList... kept) {
        if (!releaseIntermediates) {
            return;
        }
        for (NDArray a : done) {
            if (!a.isReleased() && !contains(a, kept)) {
                a.close();
            }
        }
    }

    /** {@link #release(NDList, NDList...)} of one array. */
    public static void release(NDArray done, NDList... kept) {
        if (releaseIntermediates && done != null && !done.isReleased() && !contains(done, kept)) {
            done.close();
        }
    }

    private static boolean contains(NDArray a, NDList... lists) {
        for (NDList l : lists) {
            for (NDArray b : l) {
                if (b == a) {
                    return true;
                }
            }
        }
        return false;
    }
}
