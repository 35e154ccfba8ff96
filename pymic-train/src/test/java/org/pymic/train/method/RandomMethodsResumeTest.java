package org.pymic.train.method;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pymic.core.config.Config;
import org.pymic.loss.CrossEntropyLoss;
import org.pymic.loss.DiceLoss;
import org.pymic.net.HeadKind;
import org.pymic.train.BatchSource;
import org.pymic.train.Checkpoint;
import org.pymic.train.NetworkOptimizer;
import org.pymic.train.SegmentationTrainer;
import org.pymic.train.ValidationCase;
import org.pymic.train.optim.Adam;
import org.pymic.train.optim.FixedLr;

/**
 * Resume is bit-exact for the methods whose step draws random numbers: DMPLS and DMSPS (the branches'
 * mixing weight), CCT (dropout before the auxiliary decoders), USTM (input noise, quarter turns, Monte-Carlo
 * dropout of the teacher) and MeanTeacher (input noise). Six iterations straight against three, a
 * checkpoint and three resumed, on one engine thread: every parameter of every network equal.
 */
class RandomMethodsResumeTest {
    private static final List<ValidationCase> VAL = ToyDiscs.validation(99, 2, 0.5);

    private record Setup(Supplier<Method> method, Supplier<NetworkFactory> nets, boolean unlabelled) {
    }

    private static Setup setup(String name) {
        RegularWeight w = new RegularWeight(0.5, 0, 6);
        return switch (name) {
            case "DMPLS" -> new Setup(() -> new DMPLS(w, new DiceLoss()), ToyDiscs::tinyDualBranch, false);
            case "DMSPS" -> new Setup(() -> new DMSPS(w, new CrossEntropyLoss()), ToyDiscs::tinyDualBranch, false);
            case "CCT" -> new Setup(() -> new CrossConsistencyTraining(w, "MSE"),
                    () -> ToyDiscs.tinyHeads(HeadKind.AUX, 2), true);
            case "USTM" -> new Setup(() -> new USTM(w, 0.99, 0, 2), () -> ToyDiscs.tinyNetworks(1), false);
            case "MeanTeacher" -> new Setup(() -> new MeanTeacher(0.5, 0, 6, 0.99, 0), () -> ToyDiscs.tinyNetworks(1), true);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Parameters of every network after training with {@code cfg}; {@code opened[0]} gets the labelled stream's start. */
    private static Map<String, List<float[]>> train(Setup s, Config cfg, int[] opened) {
        BatchSource.Opener lab = ToyDiscs.labelled(ToyDiscs.pool(12, 4, 0.5), 2, 5, ToyDiscs.scribbles());
        SegmentationTrainer.Builder b = SegmentationTrainer.builder(cfg)
                .setMethod(s.method().get(), null)
                .setNetworkFactory(s.nets().get())
                .setLoss(new CrossEntropyLoss())
                .setOptimizerFactory((n, net) -> new NetworkOptimizer(net, Adam.builder().build(), new FixedLr(0.01)))
                .setLabelled(start -> {
                    opened[0] = start;
                    return lab.open(start);
                })
                .optValidation(VAL)
                .optProgress(false);
        if (s.unlabelled()) {
            b.optUnlabelled(ToyDiscs.unlabelled(7, 2, 0.5));
        }
        try (SegmentationTrainer t = b.build()) {
            t.train();
            Map<String, List<float[]>> out = new TreeMap<>();
            t.networks().forEach((n, net) -> {
                List<float[]> p = new ArrayList<>();
                for (Parameter q : net.namedParameters().values()) {
                    p.add(q.getArray().toFloatArray());
                }
                out.put(n, p);
            });
            return out;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DMPLS", "DMSPS", "CCT", "USTM", "MeanTeacher"})
    void resumeIsBitExact(String name, @TempDir Path dir) {
        Engine.getEngine("PyTorch");
        int threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        try {
            Setup s = setup(name);
            int[] opened = {-1};
            Map<String, List<float[]>> straight = train(s, ToyDiscs.config(dir.resolve("a"), 6, 3), opened);
            Path b = dir.resolve("b");
            Map<String, List<float[]>> three = train(s, ToyDiscs.config(b, 3, 3), opened);
            Config cfg = ToyDiscs.config(b, 6, 3);
            cfg.withOverride("training.ckpt_init_name=" + Checkpoint.path(b, "toy", 3));
            cfg.withOverride("training.ckpt_init_mode=1");
            Map<String, List<float[]>> resumed = train(s, cfg, opened);
            assertThat(opened[0]).as("the resumed run starts at iteration 3").isEqualTo(3);
            assertThat(resumed.keySet()).isEqualTo(straight.keySet());
            straight.forEach((net, params) -> {
                for (int i = 0; i < params.size(); i++) {
                    assertThat(resumed.get(net).get(i)).as("%s %s parameter %d", name, net, i)
                            .containsExactly(params.get(i));
                }
            });
            // and the resumed iterations moved the weights
            assertThat(three.values().iterator().next().get(0)).isNotEqualTo(straight.values().iterator().next().get(0));
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }
}
