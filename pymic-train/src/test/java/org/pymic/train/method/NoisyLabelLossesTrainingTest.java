package org.pymic.train.method;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.label.ConfidentLearning;
import org.pymic.loss.CrossEntropyLoss;
import org.pymic.loss.MAELoss;
import org.pymic.loss.SLSRLoss;
import org.pymic.train.ValidationCase;

/**
 * Noise-robust training of the noisy-label family, each against plain cross-entropy trained the same way on
 * the same noisy labels: every pixel's label flipped with probability 0.3, 100 iterations of the tiny
 * network. MAE, and CL-SLSR's two stages (confident learning on the CE model's predictions over its own
 * training cases, then SLSRLoss on the flagged pixels).
 *
 * <p>The discs here are large (radius 7-9 in 24 x 24, about a third of the image): on the small discs of
 * the other toys (radius 3-6) MAE's bounded gradient lets the network settle on background everywhere and
 * it ends at Dice 0 even on clean labels, the underfitting of MAE that GCE was proposed against.
 */
class NoisyLabelLossesTrainingTest {
    private static final int ITERS = Integer.getInteger("toy.iters", 100);
    private static final double LR = 0.01;
    private static final double NOISE = 0.5;

    private final List<ToyDiscs.Disc> lab = large(11, 4);
    private final List<ValidationCase> val = ToyDiscs.validation(large(99, 4));
    private final ToyDiscs.Annotator noisy = ToyDiscs.flipped(0.3, 11);

    /** Bright discs of radius 7-9 near the centre on Gaussian noise. */
    private static List<ToyDiscs.Disc> large(long seed, int n) {
        Random r = new Random(seed);
        List<ToyDiscs.Disc> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double cy = 10 + r.nextDouble() * 4;
            double cx = 10 + r.nextDouble() * 4;
            out.add(ToyDiscs.disc(r, NOISE, cy, cx, 7 + r.nextDouble() * 2));
        }
        return out;
    }

    @Test
    void maeBeatsCrossEntropyOnFlippedLabels(@TempDir Path dir) {
        ToyDiscs.Result ce = ToyDiscs.train(dir.resolve("ce"), new FullySupervised(), 1, new CrossEntropyLoss(),
                ToyDiscs.labelled(lab, 2, 5, noisy), null, val, ITERS, LR);
        ToyDiscs.Result mae = ToyDiscs.train(dir.resolve("mae"), new FullySupervised(), 1, new MAELoss(true),
                ToyDiscs.labelled(lab, 2, 5, noisy), null, val, ITERS, LR);
        System.out.printf("toy: mae %.4f ce %.4f%n", mae.dice(), ce.dice());
        assertThat(mae.dice()).isGreaterThan(ce.dice() + 0.05);
    }

    @Test
    void clSlsrFlagsFlippedPixelsAndBeatsCrossEntropy(@TempDir Path dir) {
        int v = ToyDiscs.V;
        float[] probs = new float[lab.size() * v * 2];
        ToyDiscs.Result ce = ToyDiscs.train(dir.resolve("ce"), new FullySupervised(), ToyDiscs.tinyNetworks(1),
                new CrossEntropyLoss(), ToyDiscs.labelled(lab, 2, 5, noisy), null, val, ITERS, LR, net -> {
                    try (NDManager m = NDManager.newBaseManager()) {
                        for (int c = 0; c < lab.size(); c++) {
                            NDArray x = m.create(lab.get(c).image(), new Shape(1, 1, ToyDiscs.SIZE, ToyDiscs.SIZE));
                            float[] p = net.forward(x, false).main().softmax(1).toFloatArray(); // (1, 2, H, W)
                            for (int i = 0; i < v; i++) { // to pixel-major rows, as confident learning reads them
                                probs[(c * v + i) * 2] = p[i];
                                probs[(c * v + i) * 2 + 1] = p[v + i];
                            }
                        }
                    }
                });
        int[] given = new int[lab.size() * v];
        boolean[] wrong = new boolean[given.length];
        for (int c = 0; c < lab.size(); c++) {
            float[] y = noisy.annotate(lab.get(c))[0];
            for (int i = 0; i < v; i++) {
                given[c * v + i] = (int) y[i];
                wrong[c * v + i] = y[i] != lab.get(c).label()[i];
            }
        }
        ConfidentLearning.Result cl = ConfidentLearning.find(given, probs, 2);
        int flaggedWrong = 0;
        int wrongCount = 0;
        for (int i = 0; i < given.length; i++) {
            flaggedWrong += cl.noisy()[i] && wrong[i] ? 1 : 0;
            wrongCount += wrong[i] ? 1 : 0;
        }
        Map<ToyDiscs.Disc, float[]> weight = new HashMap<>();
        for (int c = 0; c < lab.size(); c++) {
            float[] w = new float[v];
            for (int i = 0; i < v; i++) {
                w[i] = cl.noisy()[c * v + i] ? 1 : 0;
            }
            weight.put(lab.get(c), w);
        }
        ToyDiscs.Annotator flagged = d -> new float[][] {noisy.annotate(d)[0], weight.get(d)};
        ToyDiscs.Result slsr = ToyDiscs.train(dir.resolve("slsr"), new FullySupervised(), 1, new SLSRLoss(true, 0.25),
                ToyDiscs.labelled(lab, 2, 5, flagged), null, val, ITERS, LR);
        System.out.printf("toy: clslsr %.4f ce %.4f; %d flagged, %d of them flipped, of %d flipped%n", slsr.dice(),
                ce.dice(), cl.flagged(), flaggedWrong, wrongCount);
        // the flags find flipped pixels far above their 30% share of the labels
        assertThat((double) flaggedWrong / cl.flagged()).isGreaterThan(0.6);
        assertThat((double) flaggedWrong / wrongCount).isGreaterThan(0.2);
        assertThat(slsr.dice()).isGreaterThan(ce.dice() + 0.02);
    }
}
