package org.pymic.train.method;

import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import org.pymic.net.HeadKind;
import org.pymic.net.HeadSpec;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import org.pymic.loss.EntropyLoss;
import org.pymic.loss.TotalVariationLoss;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.pymic.core.config.Config;
import org.pymic.core.image.Volume;
import org.pymic.io.data.Batch;
import org.pymic.loss.SegLoss;
import org.pymic.net.SegNetwork;
import org.pymic.train.BatchSource;
import org.pymic.train.NetworkOptimizer;
import org.pymic.train.SegmentationTrainer;
import org.pymic.train.TrainingSummary;
import org.pymic.train.ValidationCase;
import org.pymic.train.optim.Adam;
import org.pymic.train.optim.FixedLr;

/**
 * A tiny generated 2D problem for method tests: bright discs on Gaussian noise (2 classes), a tiny
 * network, labelled sources with exact, scribble or noisy labels, and an unlabelled stream.
 */
public final class ToyDiscs {
    public static final int SIZE = 24;
    static final int V = SIZE * SIZE;

    private ToyDiscs() {
    }

    /** conv3x3(8) - relu - conv3x3(8) - relu - conv1x1(2). */
    public static NetworkFactory tinyNetworks(int types) {
        return new NetworkFactory() {
            @Override
            public int count() {
                return types;
            }

            @Override
            public SegNetwork create(int index) {
                SequentialBlock b = new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                        .add(Activation::relu)
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                        .add(Activation::relu)
                        .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).build());
                return new SegNetwork("Tiny", b, 2, 1, 2, false);
            }
        };
    }

    /** One case: image, label (class indices), disc centre y, x and radius. */
    public record Disc(float[] image, float[] label, double cy, double cx, double radius) {
    }

    public static Disc disc(Random r, double noise) {
        double cy = 6 + r.nextDouble() * (SIZE - 12);
        double cx = 6 + r.nextDouble() * (SIZE - 12);
        double rad = 3 + r.nextDouble() * 3;
        return disc(r, noise, cy, cx, rad);
    }

    /** A disc of centre ({@code cy}, {@code cx}) and radius {@code rad}, its image noise drawn from {@code r}. */
    static Disc disc(Random r, double noise, double cy, double cx, double rad) {
        float[] img = new float[V];
        float[] lab = new float[V];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean in = (y - cy) * (y - cy) + (x - cx) * (x - cx) <= rad * rad;
                lab[y * SIZE + x] = in ? 1 : 0;
                img[y * SIZE + x] = (in ? 1f : 0f) + (float) (r.nextGaussian() * noise);
            }
        }
        return new Disc(img, lab, cy, cx, rad);
    }

    /** A fixed pool of cases. */
    static List<Disc> pool(long seed, int n, double noise) {
        Random r = new Random(seed);
        List<Disc> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(disc(r, noise));
        }
        return out;
    }

    /** Batches of {@code n} cases drawn from {@code cases}; labels and weights come from {@code annotate}. */
    static BatchSource.Opener labelled(List<Disc> cases, int n, long seed, Annotator annotate) {
        return start -> new BatchSource() {
            int it = start;

            @Override
            public Batch next() {
                Random r = new Random(seed * 7919 + it++);
                float[] img = new float[n * V];
                float[] lab = new float[n * 2 * V];
                float[] w = null;
                List<String> names = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    Disc d = cases.get(r.nextInt(cases.size()));
                    System.arraycopy(d.image(), 0, img, k * V, V);
                    float[][] lw = annotate.annotate(d);
                    for (int p = 0; p < V; p++) {
                        lab[(k * 2 + (int) lw[0][p]) * V + p] = 1f;
                    }
                    if (lw[1] != null) {
                        if (w == null) {
                            w = new float[n * V];
                        }
                        System.arraycopy(lw[1], 0, w, k * V, V);
                    }
                    names.add("case" + k);
                }
                int[] is = {n, 1, SIZE, SIZE};
                return new Batch(img, is, lab, new int[] {n, 2, SIZE, SIZE}, w, w == null ? null : new int[] {n, 1, SIZE, SIZE},
                        names);
            }
        };
    }

    /** Fresh random unlabelled discs, {@code n} per batch. */
    static BatchSource.Opener unlabelled(long seed, int n, double noise) {
        return start -> new BatchSource() {
            int it = start;

            @Override
            public Batch next() {
                Random r = new Random(seed * 104729 + it++);
                float[] img = new float[n * V];
                for (int k = 0; k < n; k++) {
                    System.arraycopy(disc(r, noise).image(), 0, img, k * V, V);
                }
                return new Batch(img, new int[] {n, 1, SIZE, SIZE}, null, null, null, null, List.of());
            }
        };
    }

    /** Label (class indices) and pixel weight (or null) of a case. */
    interface Annotator {
        float[][] annotate(Disc d);
    }

    static Annotator exact() {
        return d -> new float[][] {d.label(), null};
    }

    /**
     * Scribbles: a cross through the disc centre (half the radius each way) labelled 1 and
     * a frame 2 pixels inside the image border labelled 0; weight 0 elsewhere.
     */
    static Annotator scribbles() {
        return d -> {
            float[] lab = new float[V];
            float[] w = new float[V];
            int cy = (int) Math.round(d.cy());
            int cx = (int) Math.round(d.cx());
            for (int i = (int) -Math.floor(d.radius() / 2); i <= d.radius() / 2; i++) {
                lab[cy * SIZE + cx + i] = 1;
                w[cy * SIZE + cx + i] = 1;
                lab[(cy + i) * SIZE + cx] = 1;
                w[(cy + i) * SIZE + cx] = 1;
            }
            for (int i = 2; i < SIZE - 2; i++) {
                for (int p : new int[] {2 * SIZE + i, (SIZE - 3) * SIZE + i, i * SIZE + 2, i * SIZE + SIZE - 3}) {
                    w[p] = 1;
                }
            }
            return new float[][] {lab, w};
        };
    }

    /** Every pixel's label flipped with probability {@code rate} (fixed per case). */
    static Annotator flipped(double rate, long seed) {
        return d -> {
            Random r = new Random(seed + Double.doubleToLongBits(d.cy()));
            float[] lab = d.label().clone();
            for (int p = 0; p < V; p++) {
                if (r.nextDouble() < rate) {
                    lab[p] = 1 - lab[p];
                }
            }
            return new float[][] {lab, null};
        };
    }

    static List<ValidationCase> validation(long seed, int count, double noise) {
        // count cases of the same generator as the training pools
        return validation(pool(seed, count, noise));
    }

    /** The discs as validation cases v0, v1, ... */
    static List<ValidationCase> validation(List<Disc> discs) {
        List<ValidationCase> out = new ArrayList<>();
        int i = 0;
        for (Disc d : discs) {
            out.add(new ValidationCase("v" + i++, Volume.of(d.image(), 1, 1, SIZE, SIZE),
                    Volume.of(d.label(), 1, 1, SIZE, SIZE)));
        }
        return out;
    }

    static Config config(Path dir, int iterMax, int iterValid) {
        Config c = new Config("toy.cfg");
        c.withOverride("training.iter_max=" + iterMax);
        c.withOverride("training.iter_valid=" + iterValid);
        c.withOverride("training.ckpt_save_dir=" + dir);
        c.withOverride("training.ckpt_prefix=toy");
        c.withOverride("training.random_seed=1");
        return c;
    }

    /**
     * Outcome of a toy run: final validation foreground Dice of the inference networks; mean entropy and
     * total variation of the first inference network's softmax on the validation images; for teacher
     * methods the relative distance ||theta_t - theta_s|| / ||theta_s|| (else NaN); with two or more
     * inference networks the fraction of validation pixels where the first two disagree (else NaN); the
     * mean absolute difference between the first network's softmax of the quarter-turned images and its
     * softmax of the images, turned (0 for a network whose prediction turns with the image).
     */
    record Result(double dice, double entropy, double totalVariation, double teacherGap, double disagreement,
                  double turnGap) {
    }

    static Result train(Path dir, Method method, int types, SegLoss loss, BatchSource.Opener lab,
                        BatchSource.Opener unlab, List<ValidationCase> valid, int iters, double lr) {
        return train(dir, method, tinyNetworks(types), loss, lab, unlab, valid, iters, lr);
    }

    /**
     * A dual-branch network in miniature: a shared conv3x3(8) - relu encoder and two decoders
     * conv3x3(8) - relu - conv1x1(2), main and {@code branch2}; both heads in training and evaluation.
     */
    public static NetworkFactory tinyDualBranch() {
        return tinyHeads(HeadKind.BRANCH, 1);
    }

    /**
     * A shared conv3x3(8) - relu encoder feeding a main decoder and {@code extra} heads of {@code kind}:
     * BRANCH heads are further decoders, AUX heads decoders behind a dropout of the features (CCT's
     * DropOut perturbation), SCALE heads decoders of the features max-pooled by 2, 4, ... (URPC's pyramid).
     * Every head is returned in training and evaluation.
     */
    public static NetworkFactory tinyHeads(HeadKind kind, int extra) {
        List<HeadSpec> heads = switch (kind) {
            case BRANCH -> HeadSpec.mainAndBranches(1 + extra);
            case AUX -> HeadSpec.mainAnd(HeadKind.AUX, "aux", extra);
            case SCALE -> HeadSpec.mainAnd(HeadKind.SCALE, "scale", extra);
            default -> throw new IllegalArgumentException(kind.toString());
        };
        return NetworkFactory.of(() -> {
            List<Block> decoders = new ArrayList<>();
            decoders.add(decoder());
            for (int i = 1; i <= extra; i++) {
                if (kind == HeadKind.BRANCH) {
                    decoders.add(decoder());
                } else if (kind == HeadKind.AUX) {
                    decoders.add(new SequentialBlock().add(Dropout.builder().optRate(0.5f).build()).add(decoder()));
                } else {
                    int k = 1 << i;
                    decoders.add(new SequentialBlock().add(x -> new NDList(Pool.maxPool2d(x.head(), new Shape(k, k),
                            new Shape(k, k), new Shape(0, 0), false))).add(decoder()));
                }
            }
            SequentialBlock b = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                    .add(Activation::relu)
                    .add(new ParallelBlock(outs -> {
                        NDList l = new NDList();
                        outs.forEach(o -> l.add(o.head()));
                        return l;
                    }, decoders));
            return new SegNetwork("Tiny" + kind, b, 2, 1, 2, kind == HeadKind.SCALE, training -> heads);
        });
    }

    private static SequentialBlock decoder() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                .add(Activation::relu)
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).build());
    }

    static Result train(Path dir, Method method, NetworkFactory networks, SegLoss loss, BatchSource.Opener lab,
                        BatchSource.Opener unlab, List<ValidationCase> valid, int iters, double lr) {
        return train(dir, method, networks, loss, lab, unlab, valid, iters, lr, null);
    }

    /** As above; {@code inspect} (may be null) sees the first inference network once training is done. */
    static Result train(Path dir, Method method, NetworkFactory networks, SegLoss loss, BatchSource.Opener lab,
                        BatchSource.Opener unlab, List<ValidationCase> valid, int iters, double lr,
                        Consumer<SegNetwork> inspect) {
        BiFunction<String, SegNetwork, org.pymic.train.TrainingOptimizer> opt =
                (name, net) -> new NetworkOptimizer(net, Adam.builder().build(), new FixedLr(lr));
        SegmentationTrainer.Builder b = SegmentationTrainer.builder(config(dir, iters, iters))
                .setMethod(method, null)
                .setNetworkFactory(networks)
                .setLoss(loss)
                .setOptimizerFactory(opt)
                .setLabelled(lab)
                .optValidation(valid)
                .optProgress(false);
        if (unlab != null) {
            b.optUnlabelled(unlab);
        }
        try (SegmentationTrainer t = b.build()) {
            t.train();
            double dice = t.validate()[1];
            Map<String, SegNetwork> nets = t.networks();
            SegNetwork first = nets.get(method.inferenceNetworks(nets).get(0));
            if (inspect != null) {
                inspect.accept(first);
            }
            try (NDManager m = NDManager.newBaseManager()) {
                float[] img = new float[valid.size() * V];
                for (int i = 0; i < valid.size(); i++) {
                    System.arraycopy(valid.get(i).image().data(), 0, img, i * V, V);
                }
                NDArray x = m.create(img, new Shape(valid.size(), 1, SIZE, SIZE));
                NDArray logits = first.forward(x, false).main();
                List<String> inf = method.inferenceNetworks(nets);
                double disagreement = Double.NaN;
                if (inf.size() >= 2) {
                    NDArray other = nets.get(inf.get(1)).forward(x, false).main();
                    disagreement = logits.argMax(1).neq(other.argMax(1)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                            .mean().getFloat();
                }
                double h = new EntropyLoss().compute(logits).getFloat();
                double tv = new TotalVariationLoss().compute(logits).getFloat();
                NDArray turned = first.forward(x.rotate90(1, new int[] {2, 3}), false).main().softmax(1);
                double turnGap = turned.sub(logits.softmax(1).rotate90(1, new int[] {2, 3})).abs().mean().getFloat();
                double gap = Double.NaN;
                if (nets.containsKey(MeanTeacher.TEACHER)) {
                    double num = 0;
                    double den = 0;
                    List<Parameter> tp = nets.get(MeanTeacher.TEACHER).parameters();
                    List<Parameter> sp = nets.get(MeanTeacher.STUDENT).parameters();
                    for (int i = 0; i < tp.size(); i++) {
                        float[] a = tp.get(i).getArray().toFloatArray();
                        float[] c = sp.get(i).getArray().toFloatArray();
                        for (int j = 0; j < a.length; j++) {
                            num += (a[j] - c[j]) * (a[j] - c[j]);
                            den += c[j] * c[j];
                        }
                    }
                    gap = Math.sqrt(num / den);
                }
                return new Result(dice, h, tv, gap, disagreement, turnGap);
            }
        }
    }
}
