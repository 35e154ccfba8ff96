package org.pymic.train.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.loss.CrossEntropyLoss;
import org.pymic.loss.DeepSuperviseLoss;
import org.pymic.loss.SegLoss;
import org.pymic.net.HeadKind;
import org.pymic.train.ValidationCase;

/**
 * Short runs of the multi-head semi-supervised methods (URPC, CCT, MCNet) on the toy disc problem (one
 * labelled image, fresh unlabelled discs), each against FullySupervised training the same miniature
 * multi-head network with the same labelled data, iterations and seed.
 */
class MultiHeadTrainingTest {
    private static final int ITERS = Integer.getInteger("toy.iters", 100);
    private static final double LR = 0.01;
    private static final double NOISE = 0.8;

    /**
     * Mean validation Dice of {@code method} and of FullySupervised over the labelled images of {@code seeds}
     * (one labelled disc per run; the same validation discs and unlabelled stream for all). A single toy run
     * can fail for both (Dice 0 when the one labelled image leads both to predict background), so the
     * tests compare means over several labelled images.
     */
    private static double[] meanDice(Path dir, java.util.function.Supplier<Method> method, NetworkFactory nets,
                                     SegLoss loss, long... seeds) {
        double m = 0;
        double fs = 0;
        List<ValidationCase> val = ToyDiscs.validation(99, 4, NOISE);
        for (long seed : seeds) {
            List<ToyDiscs.Disc> lab = ToyDiscs.pool(seed, 1, NOISE);
            double f = ToyDiscs.train(dir.resolve("fs" + seed), new FullySupervised(), nets, loss,
                    ToyDiscs.labelled(lab, 1, 5, ToyDiscs.exact()), null, val, ITERS, LR).dice();
            Method mm = method.get();
            double d = ToyDiscs.train(dir.resolve("m" + seed), mm, nets, loss,
                    ToyDiscs.labelled(lab, 1, 5, ToyDiscs.exact()), ToyDiscs.unlabelled(7, 4, NOISE), val, ITERS, LR)
                    .dice();
            System.out.printf("toy %s, labelled disc %d: %.4f, fully supervised %.4f%n", mm.name(), seed, d, f);
            m += d / seeds.length;
            fs += f / seeds.length;
        }
        return new double[] {m, fs};
    }

    @Test
    void mcNetBeatsFullySupervisedOnTheSameDecoders(@TempDir Path dir) {
        // measured per labelled disc 11..14: 0.879/0.875, 0.882/0.877, 0.684/0.000, 0.876/0.841
        double[] r = meanDice(dir, () -> new MutualConsistency(new RegularWeight(0.1, 0, ITERS / 2), 0.1),
                ToyDiscs.tinyHeads(HeadKind.BRANCH, 2), new CrossEntropyLoss(), 11, 12, 13, 14);
        assertThat(r[0]).isGreaterThan(r[1] + 0.01);
    }

    @Test
    void urpcBeatsFullySupervisedOnTheSamePyramid(@TempDir Path dir) {
        // both deeply supervised, as PyMIC's URPC configs are (deep_supervise = True); the gain is small
        // (measured per labelled disc 11..16: +0.009, +0.006, 0 (both 0), -0.003, +0.002, +0.003)
        double[] r = meanDice(dir, () -> new UncertaintyRectifiedPyramidConsistency(new RegularWeight(0.1, 0, ITERS / 2)),
                ToyDiscs.tinyHeads(HeadKind.SCALE, 2), new DeepSuperviseLoss(new CrossEntropyLoss(), null, 2),
                11, 12, 13, 14, 15, 16);
        assertThat(r[0]).isGreaterThan(r[1]);
    }

    @Test
    void cctDoesNotLowerFullySupervisedOnTheSameDecoders(@TempDir Path dir) {
        // CCT's target is PyMIC's twice-softmaxed main prediction (for two classes within 0.27..0.73), so its
        // pull on the shared encoder is weak: on this toy the main decoder's labels do not change (Dice equal
        // to the baseline's to four digits for labelled discs 11..16). What is asserted is that the
        // auxiliary decoders' consistency does not harm the main one; no gain is claimed.
        double[] r = meanDice(dir, () -> new CrossConsistencyTraining(new RegularWeight(0.1, 0, ITERS / 2), "MSE"),
                ToyDiscs.tinyHeads(HeadKind.AUX, 2), new CrossEntropyLoss(), 11, 12);
        assertThat(r[0]).isGreaterThan(r[1] - 0.005);
    }
}
