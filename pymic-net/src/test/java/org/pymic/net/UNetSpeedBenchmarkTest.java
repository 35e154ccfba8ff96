package org.pymic.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Forward + backward time of UNet2D at batch 8, 1x128x128, feature_chns [16, 32, 64, 128, 256].
 * Prints milliseconds; runs only with {@code -Dpymic.bench=true} to keep the suite fast.
 */
class UNetSpeedBenchmarkTest {

    @Test
    void unet2dForwardBackward() {
        assumeTrue(Boolean.getBoolean("pymic.bench"), "benchmark: run with -Dpymic.bench=true");
        for (String mode : new String[] {"2", "0"}) {
            SegNetwork net = Networks.create("UNet2D", NetTesting.tiny(1, 2, "feature_chns",
                    List.of(16, 32, 64, 128, 256), "up_mode", Integer.parseInt(mode)));
            try (NDManager m = NDManager.newBaseManager()) {
                Shape in = new Shape(8, 1, 128, 128);
                net.initialize(m, in);
                NDArray x = NetTesting.input(m, in, 1);
                long best = Long.MAX_VALUE;
                long total = 0;
                int runs = 4;
                for (int i = 0; i < runs + 2; i++) {
                    long t0 = System.nanoTime();
                    try (NDManager step = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray xs = x.duplicate();
                        xs.attach(step);
                        NDArray loss = net.forward(xs, true).main().square().mean();
                        gc.backward(loss);
                    }
                    for (Parameter p : net.parameters()) {
                        NDArray g = p.getArray().getGradient();
                        g.subi(g);
                    }
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    if (i > 1) {
                        best = Math.min(best, ms);
                        total += ms;
                    }
                }
                long t0 = System.nanoTime();
                try (NDManager step = m.newSubManager()) {
                    NDArray xs = x.duplicate();
                    xs.attach(step);
                    net.forward(xs, false).main().toFloatArray();
                }
                System.out.printf("UNet2D up_mode=%s inference forward: %d ms%n", mode, (System.nanoTime() - t0) / 1_000_000);
                System.out.printf("UNet2D up_mode=%s batch 8 1x128x128 [16..256] forward+backward: best %d ms, mean %d ms%n",
                        mode, best, total / runs);
            }
        }
    }
}
