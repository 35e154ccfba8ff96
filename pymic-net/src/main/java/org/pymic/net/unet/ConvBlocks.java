package org.pymic.net.unet;

import org.pymic.net.layer.Layers;
import org.pymic.net.layer.NormKind;
import org.pymic.net.layer.Sequence;

/**
 * PyMIC's U-Net convolution block: conv3 - norm - activation - dropout - conv3 - norm - activation
 * (the dropout sits between the two convolutions, as in PyMIC's ConvBlock).
 */
public final class ConvBlocks {
    private ConvBlocks() {
    }

    public static Sequence convBlock(int in, int out, double dropout, Level level, NormKind norm, Act act) {
        Sequence s = new Sequence()
                .add("conv1", Layers.conv(level.kernel(), in, out))
                .add("norm1", Layers.norm(norm, out, level.normAxes()))
                .add("act1", act.create());
        if (dropout > 0) {
            s.add("drop", Layers.dropout(dropout));
        }
        return s.add("conv2", Layers.conv(level.kernel(), out, out))
                .add("norm2", Layers.norm(norm, out, level.normAxes()))
                .add("act2", act.create());
    }
}
