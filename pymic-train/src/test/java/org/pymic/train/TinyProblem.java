package org.pymic.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.pymic.core.config.Config;
import org.pymic.core.image.Volume;
import org.pymic.io.data.Batch;
import org.pymic.net.SegNetwork;
import org.pymic.train.method.NetworkFactory;
import org.pymic.train.optim.Adam;
import org.pymic.train.optim.FixedLr;

/** A tiny generated 2D problem for loop tests: a bright disc on noise, 2 classes, and a tiny network. */
final class TinyProblem {
    static final int SIZE = 24;

    private TinyProblem() {
    }

    /** conv3x3(8) - relu - conv3x3(8) - relu - conv1x1(2). */
    static NetworkFactory tinyNetworks(int types) {
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

    /** Image and label (class indices) of one random disc case. */
    static float[][] disc(Random r) {
        float[] img = new float[SIZE * SIZE];
        float[] lab = new float[SIZE * SIZE];
        double cy = 6 + r.nextDouble() * (SIZE - 12);
        double cx = 6 + r.nextDouble() * (SIZE - 12);
        double rad = 3 + r.nextDouble() * 3;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean in = (y - cy) * (y - cy) + (x - cx) * (x - cx) <= rad * rad;
                lab[y * SIZE + x] = in ? 1 : 0;
                img[y * SIZE + x] = (in ? 1f : 0f) + (float) (r.nextGaussian() * 0.3);
            }
        }
        return new float[][] {img, lab};
    }

    /** Batches of {@code n} discs; batch i depends only on (seed, i). */
    static BatchSource.Opener discs(long seed, int n, boolean labelled, int[] consumed) {
        return start -> new BatchSource() {
            int i = start;

            @Override
            public Batch next() {
                Random r = new Random(seed * 7919 + i++);
                consumed[0]++;
                int v = SIZE * SIZE;
                float[] img = new float[n * v];
                float[] lab = new float[n * 2 * v];
                List<String> names = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    float[][] d = disc(r);
                    System.arraycopy(d[0], 0, img, k * v, v);
                    for (int p = 0; p < v; p++) {
                        lab[(k * 2 + (int) d[1][p]) * v + p] = 1f;
                    }
                    names.add("case" + k);
                }
                int[] is = {n, 1, SIZE, SIZE};
                return labelled ? new Batch(img, is, lab, new int[] {n, 2, SIZE, SIZE}, null, null, names)
                        : new Batch(img, is, null, null, null, null, names);
            }
        };
    }

    static List<ValidationCase> validation(long seed, int count) {
        Random r = new Random(seed);
        List<ValidationCase> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[][] d = disc(r);
            out.add(new ValidationCase("v" + i, Volume.of(d[0], 1, 1, SIZE, SIZE), Volume.of(d[1], 1, 1, SIZE, SIZE)));
        }
        return out;
    }

    static Config config(Path ckptDir, int iterMax, int iterValid, String... extra) {
        Config c = new Config("test.cfg");
        c.withOverride("training.iter_max=" + iterMax);
        c.withOverride("training.iter_valid=" + iterValid);
        c.withOverride("training.ckpt_save_dir=" + ckptDir);
        c.withOverride("training.ckpt_prefix=tiny");
        for (String e : extra) {
            c.withOverride(e);
        }
        return c;
    }

    static TrainingOptimizer adam(SegNetwork net, double lr) {
        return new NetworkOptimizer(net, Adam.builder().build(), new FixedLr(lr));
    }
}
