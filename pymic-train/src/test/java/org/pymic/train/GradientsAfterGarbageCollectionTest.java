package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;
import org.pymic.io.data.Batch;
import org.pymic.loss.CombinedLoss;
import org.pymic.loss.CrossEntropyLoss;
import org.pymic.loss.DeepSuperviseLoss;
import org.pymic.loss.DiceLoss;
import org.pymic.loss.LossInput;
import org.pymic.loss.Scalars;
import org.pymic.loss.SegLoss;
import org.pymic.net.NetOutput;
import org.pymic.net.Networks;
import org.pymic.net.SegNetwork;
import org.pymic.train.method.Method;
import org.pymic.train.method.NetworkFactory;
import org.pymic.train.method.StepContext;

/**
 * Gradients must not change when the garbage collector runs between forward and backward.
 *
 * <p>DJL's {@code NDArray.mul(Number)} (and div, pow, maximum, minimum) wraps the constant in a tensor
 * over a Java buffer and frees it at once, while the autograd graph still reads it in the backward
 * pass. {@link #churn()} collects garbage and refills freed memory, which turns such gradients into
 * garbage; every loss and every network is then checked against a backward pass without churn.
 */
class GradientsAfterGarbageCollectionTest {

    /** Garbage collection plus fresh direct buffers full of 1e30, so freed native memory is reused. */
    private static void churn() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(30); // lets the cleaner thread free the unreachable buffers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<ByteBuffer> junk = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(16);
                for (int k = 0; k < 4; k++) {
                    b.putFloat(4 * k, 1e30f);
                }
                junk.add(b);
            }
            junk.clear();
        }
    }

    /** The gradients of {@code inputs} of {@code f}'s scalar output, with or without churn before backward. */
    private static List<float[]> gradients(List<NDArray> inputs, Function<NDList, NDArray> f, boolean churn) {
        for (NDArray a : inputs) {
            a.setRequiresGradient(true);
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = f.apply(new NDList(inputs));
            if (churn) {
                churn();
            }
            gc.backward(loss);
        }
        List<float[]> out = new ArrayList<>();
        for (NDArray a : inputs) {
            out.add(a.getGradient().toFloatArray());
            a.getGradient().subi(a.getGradient());
        }
        return out;
    }

    private static void assertSameGradients(String what, List<float[]> clean, List<float[]> churned) {
        for (int i = 0; i < clean.size(); i++) {
            float[] a = clean.get(i);
            float[] b = churned.get(i);
            double scale = 1e-12;
            for (float v : a) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int k = 0; k < a.length; k++) {
                assertThat(Math.abs(a[k] - b[k]) / scale).as("%s: input %d element %d: %s vs %s", what, i, k,
                        a[k], b[k]).isLessThan(1e-4);
            }
        }
    }

    private static NDArray random(NDManager m, Shape s, long seed) {
        Random r = new Random(seed);
        float[] v = new float[(int) s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return m.create(v, s);
    }

    @Test
    void theEngineItselfLosesConstantsOfArithmeticWithNumbers() {
        // the reason for Scalars: if this starts failing, DJL keeps such constants alive and Scalars can go
        int corrupted = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (int trial = 0; trial < 10 && corrupted == 0; trial++) {
                NDArray x = m.create(new float[] {1f, -2f, 3f});
                float[] g = gradients(List.of(x), in -> in.head().mul(3f).sum(), true).get(0);
                corrupted += g[0] != 3f || g[1] != 3f || g[2] != 3f ? 1 : 0;
            }
        }
        assertThat(corrupted).as("the churn corrupts NDArray.mul(Number) gradients").isPositive();
    }

    @Test
    void scalarsKeepTheirConstantsThroughCollection() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0.5f, -2f, 3f});
            List<float[]> g = gradients(List.of(x), in -> {
                NDArray v = in.head();
                return Scalars.mul(v, 3).add(Scalars.div(v, 4)).add(Scalars.maximum(v, 0))
                        .add(Scalars.minimum(v, 0)).add(Scalars.pow(v.abs().add(1), 2)).sum();
            }, true);
            // d/dx: 3 + 1/4 + [x>0] + [x<0] + 2 (|x|+1) sign(x)
            assertThat(g.get(0)).containsExactly(new float[] {3f + 0.25f + 1f + 3f, 3f + 0.25f + 1f - 6f,
                3f + 0.25f + 1f + 8f}, org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    private static boolean takesPixelWeights(SegLoss loss, NDArray image, NDArray logits, NDArray target,
                                             NDArray weight) {
        try {
            loss.compute(new LossInput(image, NetOutput.of(logits), target, weight));
            return true;
        } catch (PymicException e) {
            return false; // such a loss refuses pixel weights by name
        }
    }

    @Test
    void everyLossGivesTheSameGradientsAfterCollection() {
        List<SegLoss> losses = new ArrayList<>();
        for (ComponentSpec spec : Registry.global().all(ComponentKind.LOSS)) {
            if (spec.implemented()) {
                Map<String, Object> values = new HashMap<>();
                values.put("loss_class_weight", List.of(1.0, 2.0, 0.5));
                losses.add(spec.create(Params.resolve(spec, values)));
            }
        }
        assertThat(losses).hasSizeGreaterThan(5);
        losses.add(new CombinedLoss(List.of(new DiceLoss(), losses.get(0)), new double[] {0.3, 0.7}));
        Shape s = new Shape(2, 3, 8, 8);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray target = random(m, s, 2).softmax(1);
            NDArray weight = random(m, new Shape(2, 1, 8, 8), 3).abs();
            NDArray image = random(m, new Shape(2, 1, 8, 8), 6); // read by the image-aware losses
            for (SegLoss loss : losses) {
                NDArray logits = random(m, s, 1);
                NDArray w = takesPixelWeights(loss, image, logits, target, weight) ? weight : null;
                Function<NDList, NDArray> f = in -> loss.compute(new LossInput(image, NetOutput.of(in.head()), target, w));
                assertSameGradients(loss.name(), gradients(List.of(logits), f, false),
                        gradients(List.of(logits), f, true));
            }
            DeepSuperviseLoss deep = new DeepSuperviseLoss(new DiceLoss(), new double[] {1, 0.5}, 2);
            NDArray full = random(m, s, 4);
            NDArray half = random(m, new Shape(2, 3, 4, 4), 5);
            Function<NDList, NDArray> f = in -> deep.compute(in, target, weight);
            assertSameGradients(deep.name(), gradients(List.of(full, half), f, false),
                    gradients(List.of(full, half), f, true));
        }
    }

    /** [network] keys of a tiny two-class network without dropout (dropout would differ between passes). */
    private static Map<String, Object> tinyNetwork() {
        Map<String, Object> values = new HashMap<>();
        values.put("in_chns", 1);
        values.put("class_num", 2);
        values.put("feature_chns", List.of(2, 4, 4, 8, 8));
        values.put("dropout", List.of(0, 0, 0, 0, 0));
        return values;
    }

    @Test
    void everyNetworkGivesTheSameGradientsAfterCollection() {
        int checked = 0;
        for (ComponentSpec spec : Registry.global().all(ComponentKind.NETWORK)) {
            if (!spec.implemented()) {
                continue;
            }
            SegNetwork net = Networks.create(spec.name(), tinyNetwork());
            Shape in = net.dim() == 2 ? new Shape(2, 1, 16, 16) : new Shape(1, 1, 16, 32, 32);
            try (NDManager m = NDManager.newBaseManager()) {
                net.initialize(m, in);
                NDArray x = random(m, in, 6);
                List<NDArray> params = new ArrayList<>();
                for (Parameter p : net.parameters()) {
                    params.add(p.getArray());
                }
                Function<NDList, NDArray> f = ignored -> {
                    Engine.getInstance().setRandomSeed(3); // the same perturbations (CCT) in both passes
                    NDList out = net.forward(x, true).toList();
                    NDArray sum = out.head().logSoftmax(1).get(":, 1").mean();
                    for (int i = 1; i < out.size(); i++) {
                        sum = sum.add(out.get(i).square().mean());
                    }
                    return sum;
                };
                assertSameGradients(spec.name(), gradients(params, f, false), gradients(params, f, true));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(4);
    }

    /**
     * The network each method needs for the heads it reads (multiscale for URPC, auxiliary decoders for
     * CCT, several decoders for MCNet, the feature-perturbation head for UniMatch), two types except for
     * the one-network UniMatch and DAST (a dual-branch network) and the three-network TriNet.
     */
    private static NetworkFactory networksFor(String method) {
        Map<String, Object> values = tinyNetwork();
        String type = switch (method) {
            case "CCT" -> "UNet2D_CCT";
            case "MCNet" -> "MCNet2D";
            case "DMPLS", "DMSPS", "DAST" -> "UNet2D_DualBranch";
            default -> "UNet2D";
        };
        if (method.equals("URPC")) {
            values.put("multiscale_pred", true);
        }
        if (method.equals("UniMatch")) {
            values.put("fp_dropout", 0.5);
        }
        int count = switch (method) {
            case "UniMatch", "DMPLS", "DMSPS", "DAST" -> 1;
            case "TriNet" -> 3;
            default -> 2;
        };
        return new NetworkFactory() {
            @Override
            public int count() {
                return count;
            }

            @Override
            public SegNetwork create(int index) {
                return Networks.create(type, values);
            }
        };
    }

    /** Each stream's batch: the labelled batch, or the unlabelled one with its views and CutMix boxes. */
    private static Map<String, Batch> batches(Method method, Batch lab, Batch unlab) {
        Map<String, Batch> out = new java.util.LinkedHashMap<>();
        for (org.pymic.train.method.StreamSpec st : method.streams()) {
            if (st.labelled()) {
                out.put(st.name(), lab);
                continue;
            }
            Map<String, Batch.Extra> extras = new java.util.LinkedHashMap<>();
            float[] box = new float[unlab.image().length];
            for (int i = 0; i < box.length; i++) {
                box[i] = (i % 16) > 4 && (i % 16) < 11 ? 1f : 0f;
            }
            for (String v : st.views()) {
                float[] img = unlab.image().clone();
                for (int i = 0; i < img.length; i++) {
                    img[i] = img[i] * 0.8f + 0.1f;
                }
                extras.put(v, new Batch.Extra(img, unlab.imageShape()));
                extras.put(v + "/cutmix_box", new Batch.Extra(box, unlab.imageShape()));
            }
            out.put(st.name(), new Batch(unlab.image(), unlab.imageShape(), null, null, null, null, List.of(), extras));
        }
        return out;
    }

    @Test
    void everyMethodGivesTheSameGradientsAfterCollection() {
        Random r = new Random(7);
        float[] image = new float[2 * 16 * 16];
        float[] label = new float[2 * 2 * 16 * 16];
        float[] weight = new float[2 * 16 * 16];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) r.nextGaussian();
            int k = r.nextInt(2);
            label[((i / 256) * 2 + k) * 256 + i % 256] = 1f;
            weight[i] = r.nextInt(3) == 0 ? 0f : 1f;
        }
        Batch lab = new Batch(image, new int[] {2, 1, 16, 16}, label, new int[] {2, 2, 16, 16}, weight,
                new int[] {2, 1, 16, 16}, List.of());
        Batch unlab = new Batch(image.clone(), new int[] {2, 1, 16, 16}, null, null, null, null, List.of());
        int checked = 0;
        for (ComponentSpec spec : Registry.global().all(ComponentKind.METHOD)) {
            if (!spec.implemented()) {
                continue;
            }
            Map<String, Object> values = new HashMap<>();
            values.put("regularize_w", 0.5);
            values.put("rampup_start", 0);
            values.put("rampup_end", 0);
            values.put("iter_max", 100);
            values.put("iter_valid", 10);
            for (ParamSpec ps : spec.params()) {
                if (ps.required() && !values.containsKey(ps.name())) {
                    values.put(ps.name(), ps.type() == ParamType.INT ? 1 : 0.8); // e.g. a select ratio
                }
            }
            Params params = Params.resolve(spec, values);
            Method method = spec.create(params);
            Map<String, SegNetwork> nets = method.createNetworks(networksFor(spec.name()));
            try (NDManager m = NDManager.newBaseManager()) {
                List<NDArray> learned = new ArrayList<>();
                for (String name : method.trainedNetworks(nets)) {
                    nets.get(name).initialize(m, new Shape(4, 1, 16, 16));
                    for (Parameter p : nets.get(name).parameters()) {
                        learned.add(p.getArray());
                    }
                }
                for (Map.Entry<String, SegNetwork> e : nets.entrySet()) {
                    if (!method.trainedNetworks(nets).contains(e.getKey())) {
                        e.getValue().initialize(m, new Shape(4, 1, 16, 16));
                    }
                }
                Function<NDList, NDArray> f = ignored -> {
                    Engine.getInstance().setRandomSeed(3); // the same noise and dropout in both passes
                    StepContext ctx = new StepContext(m, 50, 100, batches(method, lab, unlab), nets,
                            new CrossEntropyLoss(), params);
                    return method.loss(ctx);
                };
                assertSameGradients(spec.name(), gradients(learned, f, false), gradients(learned, f, true));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(5);
    }
}
