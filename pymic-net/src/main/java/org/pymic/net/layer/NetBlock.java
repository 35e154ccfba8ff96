package org.pymic.net.layer;

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
}
