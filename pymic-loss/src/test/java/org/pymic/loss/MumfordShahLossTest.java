package org.pymic.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;
import org.pymic.net.NetOutput;

/** The Mumford-Shah loss against values computed by hand. */
class MumfordShahLossTest extends LossTestBase {
    // two pixels of intensity 1 and 3; class 0 has probabilities (0.8, 0.4), class 1 (0.2, 0.6)
    // centroids: class 0 (0.8 + 1.2) / 1.2 = 5/3, class 1 (0.2 + 1.8) / 0.8 = 2.5
    // level terms: class 0 (4/9) 0.8 + (16/9) 0.4 = 16/15, class 1 2.25 * 0.2 + 0.25 * 0.6 = 0.6: 5/3 in all
    // length: l1 |0.4 - 0.8| + |0.6 - 0.2| = 0.8, l2 0.16 + 0.16 = 0.32; numel(s) = 4
    private static final double[] PROB = {0.8, 0.4, 0.2, 0.6};
    private static final double[] IMAGE = {1, 3};
    private static final double LEVEL = 5.0 / 3;

    @Test
    void pairOfPixelsAlongTheWidth() {
        assertThat(scalar(new MumfordShahLoss(false, "l1", 1).compute(arr(PROB, 1, 2, 1, 2), arr(IMAGE, 1, 1, 1, 2))))
                .isCloseTo((LEVEL + 0.8) / 4, within(1e-12));
        assertThat(scalar(new MumfordShahLoss(false, "L2", 0.5).compute(arr(PROB, 1, 2, 1, 2), arr(IMAGE, 1, 1, 1, 2))))
                .isCloseTo((LEVEL + 0.5 * 0.32) / 4, within(1e-12));
    }

    @Test
    void pairOfPixelsAlongTheHeightAndAVolume() {
        assertThat(scalar(new MumfordShahLoss(false, "l1", 2).compute(arr(PROB, 1, 2, 2, 1), arr(IMAGE, 1, 1, 2, 1))))
                .isCloseTo((LEVEL + 2 * 0.8) / 4, within(1e-12));
        // a volume of two slices, the second the first mirrored: the same terms twice, numel 8
        double[] vol = {0.8, 0.4, 0.6, 0.2, 0.2, 0.6, 0.4, 0.8}; // (1, 2, 2, 1, 2): class, slice, x
        double[] img = {1, 3, 3, 1};
        assertThat(scalar(new MumfordShahLoss(false, "l1", 1).compute(arr(vol, 1, 2, 2, 1, 2), arr(img, 1, 1, 2, 1, 2))))
                .isCloseTo(2 * (LEVEL + 0.8) / 8, within(1e-12));
    }

    @Test
    void everyImageChannelAddsItsLevelTerm() {
        // channel 2 is constant 5: its centroid is 5 and its level term 0; channel 3 = channel 1
        double[] img = {1, 3, 5, 5, 1, 3};
        assertThat(scalar(new MumfordShahLoss(false, "l1", 1).compute(arr(PROB, 1, 2, 1, 2), arr(img, 1, 3, 1, 2))))
                .isCloseTo((2 * LEVEL + 0.8) / 4, within(1e-12));
    }

    @Test
    void softmaxGradientAndRegistry() {
        Random r = new Random(4);
        double[] z = new double[2 * 3 * 4 * 5];
        double[] img = new double[2 * 4 * 5];
        for (int i = 0; i < z.length; i++) {
            z[i] = r.nextGaussian();
        }
        for (int i = 0; i < img.length; i++) {
            img[i] = r.nextGaussian();
        }
        MumfordShahLoss l2 = new MumfordShahLoss(true, "l2", 0.7);
        GradCheck.check(arr(z, 2, 3, 4, 5), x -> l2.compute(x, arr(img, 2, 1, 4, 5)), 1e-6);
        ComponentSpec spec = Registry.global().require(ComponentKind.LOSS, "MumfordShahLoss");
        SegLoss fromConfig = (SegLoss) spec.create(Params.resolve(spec,
                Map.of("mumfordshahloss_penalty", "l2", "mumfordshahloss_lambda", 0.7)));
        assertThat(scalar(fromConfig.compute(new LossInput(arr(img, 2, 1, 4, 5), NetOutput.of(arr(z, 2, 3, 4, 5)), null, null))))
                .isCloseTo(scalar(l2.compute(arr(z, 2, 3, 4, 5), arr(img, 2, 1, 4, 5))), within(1e-12));
        assertThatThrownBy(() -> new MumfordShahLoss(true, "l3", 1)).isInstanceOf(PymicException.class)
                .hasMessageContaining("MumfordShahLoss_penalty");
    }
}
