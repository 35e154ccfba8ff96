package org.pymic.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.pymic.core.config.Config;
import org.pymic.core.image.Volume;
import org.pymic.io.data.Batch;
import org.pymic.net.SegNetwork;
import org.pymic.train.method.NetworkFactory;
import org.pymic.train.method.ToyDiscs;
import org.pymic.train.optim.Adam;
import org.pymic.train.optim.FixedLr;

/** A tiny generated 2D problem for loop tests: a bright disc on noise, 2 classes, and a tiny network. */
final class TinyProblem {
    static final int SIZE = ToyDiscs.SIZE;

    private TinyProblem() {
    }

    /** The tiny network of the method tests ({@link ToyDiscs#tinyNetworks}). */
    static NetworkFactory tinyNetworks(int types) {
        return ToyDiscs.tinyNetworks(types);
    }

    /** Image and label (class indices) of one random disc case, noise sd 0.3. */
    static float[][] disc(Random r) {
        ToyDiscs.Disc d = ToyDiscs.disc(r, 0.3);
        return new float[][] {d.image(), d.label()};
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
