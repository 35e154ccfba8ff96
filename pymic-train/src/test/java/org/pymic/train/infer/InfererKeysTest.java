package org.pymic.train.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigChecker;
import org.pymic.core.config.ConfigProblem;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Registry;

/** The [testing] keys of the sliding-window inferer: declared to the checker and honoured by the inferer. */
class InfererKeysTest {
    static Config config(String... testing) {
        Config c = new Config("t.cfg");
        for (String s : List.of("dataset.train_csv=t.csv", "network.net_type=UNet2D", "network.class_num=2", "network.in_chns=1",
                "training.iter_max=10", "testing.output_dir=out", "testing.sliding_window_enable=True",
                "testing.sliding_window_size=[1, 8]", "testing.sliding_window_stride=[1, 4]")) {
            c.withOverride(s);
        }
        for (String s : testing) {
            c.withOverride("testing." + s);
        }
        return c;
    }

    static List<ConfigProblem> check(String... testing) {
        return ConfigChecker.check(config(testing), Registry.global());
    }

    @Test
    void slidingWindowGaussianIsDeclared() {
        assertThat(check("sliding_window_gaussian=False")).isEmpty();
    }

    @Test
    void slidingWindowGaussianChangesTheBlending() {
        // a "network" that outputs its window's index: where two windows overlap, Gaussian weights favour the
        // window whose centre is nearer, uniform weights give the plain mean 0.5
        Volume v = Volume.of(new float[12], 1, 1, 1, 12);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] at5 = new float[2];
            for (int g = 0; g < 2; g++) {
                Config cfg = config("sliding_window_gaussian=" + (g == 0 ? "True" : "False"));
                SlidingWindowInferer inf = SlidingWindowInferer.fromConfig(cfg.section("testing"));
                int[] counter = {0};
                at5[g] = inf.infer(v, x -> x.zerosLike().add(counter[0]++), 2, m).data()[5];
            }
            float[] w = GaussianWeights.of(new int[] {1, 1, 8}, true);
            assertThat(at5[0]).isCloseTo(w[1] / (w[5] + w[1]), within(1e-5f));
            assertThat(at5[1]).isCloseTo(0.5f, within(1e-6f));
        }
    }

    @Test
    void slidingWindowBatchIsDeclaredAndRefusesLessThanOne() {
        assertThat(check("sliding_window_batch=4")).isEmpty();
        assertThatThrownBy(() -> SlidingWindowInferer.fromConfig(config("sliding_window_batch=0").section("testing")))
                .isInstanceOf(PymicException.class).hasMessageContaining("sliding_window_batch");
    }

    @Test
    void slidingWindowBatchGivesTheResultOfOneWindowPerPass() {
        Volume v = Volume.of(new float[1 * 5 * 9 * 11], 1, 5, 9, 11);
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < v.data().length; i++) {
            v.data()[i] = r.nextFloat();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            for (int dim = 2; dim <= 3; dim++) {
                LogitsModel net = ThreeViewTtaTest.tinyNet(m, dim);
                float[] one = null;
                int oneCalls = 0;
                for (int batch : new int[] {1, 3, 100}) {
                    for (int tta = 0; tta <= 1; tta++) {
                        String size = dim == 3 ? "sliding_window_size=[4, 4, 4]" : "sliding_window_size=[4, 4]";
                        String stride = dim == 3 ? "sliding_window_stride=[2, 3, 3]" : "sliding_window_stride=[3, 3]";
                        SlidingWindowInferer inf = SlidingWindowInferer.fromConfig(config(size, stride,
                                "sliding_window_batch=" + batch, "tta_mode=" + tta).section("testing"));
                        int[] calls = {0};
                        float[] out = inf.infer(v, x -> {
                            calls[0]++;
                            return net.logits(x);
                        }, dim, m).data();
                        if (tta == 1) {
                            continue;
                        }
                        if (batch == 1) {
                            one = out;
                            oneCalls = calls[0];
                            continue;
                        }
                        assertThat(calls[0]).as("forward passes of batch %d", batch).isLessThan(oneCalls);
                        for (int i = 0; i < out.length; i++) {
                            assertThat(out[i]).as("dim %d batch %d voxel %d", dim, batch, i)
                                    .isCloseTo(one[i], within(1e-6f));
                        }
                    }
                }
            }
        }
    }
}
