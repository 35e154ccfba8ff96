package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;
import org.pymic.core.image.Volume;
import org.pymic.loss.CrossEntropyLoss;
import org.pymic.loss.Scalars;
import org.pymic.net.SegNetwork;
import org.pymic.train.method.FullySupervised;
import org.pymic.train.method.MeanTeacher;
import org.pymic.train.method.Method;
import org.pymic.train.method.Methods;
import org.pymic.train.method.NetworkFactory;
import org.pymic.train.method.RunContext;
import org.pymic.train.method.StepContext;

/** The method contract of the loop: method state in checkpoints, hooks, initialisation from one network. */
class MethodContractTest {

    /**
     * Fully supervised, with its loss scaled by {@code 1 + 0.5 tanh(m)} where {@code m} is the running
     * mean of its past losses: state that changes the gradients, so a resume that lost it would diverge.
     * Counts its hook calls.
     */
    static final class StatefulMethod implements Method {
        double runningLoss;
        int steps;
        int intervals;
        int validations;
        int predicted;

        @Override
        public String name() {
            return "Stateful";
        }

        @Override
        public Map<String, SegNetwork> createNetworks(NetworkFactory factory) {
            return Methods.oneNetworkPerType(factory);
        }

        @Override
        public NDArray loss(StepContext ctx) {
            NDArray l = ctx.supervisedLoss(ctx.forward("net", ctx.image()));
            double v = StepContext.scalar(l);
            NDArray scaled = Scalars.mul(l, 1 + 0.5 * Math.tanh(steps == 0 ? 0 : runningLoss));
            runningLoss = (runningLoss * steps + v) / (steps + 1);
            steps++;
            ctx.record("loss", scaled);
            return scaled;
        }

        @Override
        public int hookInterval() {
            return 2;
        }

        @Override
        public void everyInterval(RunContext ctx) {
            intervals++;
        }

        @Override
        public void afterValidation(RunContext ctx, double[] classDice) {
            validations++;
            Volume image = TinyProblem.validation(5, 1).get(0).image();
            Volume logits = ctx.predict(image, List.of("net"));
            predicted = logits.channels();
        }

        @Override
        public Map<String, byte[]> saveState() {
            return Map.of("running", ByteBuffer.allocate(12).putDouble(runningLoss).putInt(steps).array());
        }

        @Override
        public void loadState(Map<String, byte[]> state) {
            ByteBuffer b = ByteBuffer.wrap(state.get("running"));
            runningLoss = b.getDouble();
            steps = b.getInt();
        }
    }

    private static SegmentationTrainer trainer(Config cfg, Method method) {
        return trainer(cfg, method, 0.01);
    }

    private static SegmentationTrainer trainer(Config cfg, Method method, double lr) {
        return SegmentationTrainer.builder(cfg)
                .setMethod(method, null)
                .setNetworkFactory(TinyProblem.tinyNetworks(1))
                .setLoss(new CrossEntropyLoss())
                .setOptimizerFactory((name, net) -> TinyProblem.adam(net, lr))
                .setLabelled(TinyProblem.discs(3, 4, true, new int[1]))
                .optUnlabelled(TinyProblem.discs(4, 4, false, new int[1]))
                .optValidation(TinyProblem.validation(99, 1))
                .optProgress(false)
                .build();
    }

    private static List<float[]> learned(SegNetwork n) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : n.parameters()) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }

    private static List<float[]> params(SegNetwork n) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : n.namedParameters().values()) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void methodStateResumesBitExactlyAndHooksRun(@TempDir Path dir) {
        Engine.getEngine("PyTorch");
        int threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        try {
            StatefulMethod straight = new StatefulMethod();
            List<float[]> a;
            try (SegmentationTrainer t = trainer(TinyProblem.config(dir.resolve("a"), 6, 3), straight)) {
                t.train();
                a = params(t.networks().get("net"));
            }
            assertThat(straight.intervals).isEqualTo(3);
            assertThat(straight.validations).isEqualTo(2);
            assertThat(straight.predicted).isEqualTo(2);
            Path b = dir.resolve("b");
            try (SegmentationTrainer t = trainer(TinyProblem.config(b, 3, 3), new StatefulMethod())) {
                t.train();
            }
            assertThat(Checkpoint.read(Checkpoint.path(b, "tiny", 3)).state("method_running")).isNotNull();
            StatefulMethod resumed = new StatefulMethod();
            Config cfg = TinyProblem.config(b, 6, 3, "training.ckpt_init_name=tiny_3.ckpt", "training.ckpt_init_mode=1");
            List<float[]> r;
            try (SegmentationTrainer t = trainer(cfg, resumed)) {
                t.train();
                r = params(t.networks().get("net"));
            }
            assertThat(resumed.steps).isEqualTo(6);
            assertThat(resumed.runningLoss).isEqualTo(straight.runningLoss);
            for (int i = 0; i < a.size(); i++) {
                assertThat(r.get(i)).as("parameter %d", i).containsExactly(a.get(i));
            }
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    @Test
    void aTeacherMethodStartsFromASingleNetworkCheckpoint(@TempDir Path dir) {
        List<float[]> pretrained;
        try (SegmentationTrainer t = trainer(TinyProblem.config(dir.resolve("fs"), 4, 4), new FullySupervised())) {
            t.train();
            pretrained = learned(t.networks().get("net"));
        }
        // one step at learning rate 0: the student keeps its weights and the teacher is their average
        Config cfg = TinyProblem.config(dir.resolve("mt"), 1, 1,
                "training.ckpt_init_name=" + Checkpoint.path(dir.resolve("fs"), "tiny", 4));
        try (SegmentationTrainer t = trainer(cfg, new MeanTeacher(0.1, 0, null, 0.99, 10), 0)) {
            t.train();
            for (String n : List.of(MeanTeacher.STUDENT, MeanTeacher.TEACHER)) {
                List<float[]> p = learned(t.networks().get(n));
                for (int i = 0; i < p.size(); i++) {
                    assertThat(p.get(i)).as(n + " parameter %d", i).containsExactly(pretrained.get(i));
                }
            }
        }
    }
}
