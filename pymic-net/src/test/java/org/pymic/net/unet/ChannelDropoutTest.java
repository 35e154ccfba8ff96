package org.pymic.net.unet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ChannelDropoutTest {

    @Test
    void zeroesWholeChannelsAndScalesTheRest() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(4);
            float[] y = UNetBlock.channelDropout(m.ones(new Shape(4, 8, 3, 3)), 0.5).toFloatArray();
            int zero = 0;
            for (int c = 0; c < 32; c++) {
                float first = y[c * 9];
                assertThat(first).isIn(0f, 2f);
                for (int i = 1; i < 9; i++) {
                    assertThat(y[c * 9 + i]).isEqualTo(first);
                }
                zero += first == 0f ? 1 : 0;
            }
            assertThat(zero).isBetween(6, 26);
        }
    }
}
