package org.pymic.net.unet;

import ai.djl.nn.Block;

/**
 * Registers a named child on the block being built. The encoder and decoder levels are added
 * through one, so that a single-decoder U-Net keeps its children (and so its checkpoint parameter
 * names) flat while multi-decoder networks nest them under {@code encoder} and {@code decoder1}...
 */
@FunctionalInterface
interface ChildSink {
    Block add(String name, Block block);
}
