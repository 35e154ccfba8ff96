package org.pymic.net.unet;

import ai.djl.nn.Block;
import org.pymic.net.layer.Layers;

/** Activation of the U-Net convolution blocks: LeakyReLU (UNet2D/3D) or PReLU (UNet2D5). */
public enum Act {
    LEAKY_RELU, PRELU;

    Block create() {
        return this == LEAKY_RELU ? Layers.leakyRelu() : Layers.prelu();
    }
}
