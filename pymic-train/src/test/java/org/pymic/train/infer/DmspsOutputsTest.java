package org.pymic.train.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pymic.core.image.Volume;

/** DMSPS's test-mode maps on a hand-computed 2 x 3 slice with two classes. */
class DmspsOutputsTest {
    @Test
    void auxiliaryLabelsUncertaintyAndExpandedSeedsAsComputedByHand() {
        // class-1 probability of branch 1 (a) and branch 2 (b) per pixel, rows of the 2 x 3 slice:
        //   px0 a 0   b 0     mean 0    entropy 0                      -> seed 0, aux 0
        //   px1 a .5  b .5    mean .5   entropy ln 2 / ln 2 = 1        -> uncertain (2), aux 0 (tie: first)
        //   px2 a 1   b 1     mean 1    entropy 0                      -> seed 1, aux 1
        //   px3 a 0   b .02   mean .01  (.0460517 + .0099499) / .693147 = .080793 < .1 -> seed 0, aux 0
        //   px4 a .9  b .7    mean .8   (.178515 + .321888) / .693147 = .721928      -> uncertain, aux 1
        //   px5 a 0   b 0     mean 0    entropy 0                      -> seed 0, aux 0
        // class 0's confident pixels px0 + px3 touch (size 2), px5 is alone (its neighbours are px4 and px2):
        // only the largest component is kept, px5 becomes 2 (not annotated)
        float[] a = {0, .5f, 1, 0, .9f, 0};
        float[] b = {0, .5f, 1, .02f, .7f, 0};
        float[] branches = new float[4 * 6];
        for (int i = 0; i < 6; i++) {
            branches[i] = 1 - a[i];
            branches[6 + i] = a[i];
            branches[12 + i] = 1 - b[i];
            branches[18 + i] = b[i];
        }
        Volume original = Volume.of(new float[6], 1, 1, 2, 3);
        List<Segmenter.Extra> out = DmspsOutputs.of(original, branches, 2, 0.1);
        assertThat(out).extracting(Segmenter.Extra::suffix).containsExactly("_predaux", "_uncertainty", "_seeds_expand");
        assertThat(out).extracting(Segmenter.Extra::dtype).containsExactly("uint8", "float32", "uint8");
        assertThat(out.get(0).volume().data()).containsExactly(0, 0, 1, 0, 1, 0);
        float[] u = out.get(1).volume().data();
        float[] expected = {0, 1, 0, 0.080793f, 0.721928f, 0};
        for (int i = 0; i < 6; i++) {
            assertThat(u[i]).as("uncertainty of px%d", i).isCloseTo(expected[i], within(2e-5f));
        }
        assertThat(out.get(2).volume().data()).containsExactly(0, 2, 1, 0, 2, 2);
        assertThat(out.get(2).volume().shape()).isEqualTo(original.shape());
    }

    @Test
    void componentsAreKeptSliceBySliceNotAcrossSlices() {
        // class 1 in slice 0: two pixels apart (one removed); in slice 1 the same two pixels joined by a third.
        // In 3D the first slice's pixels would join the second slice's component and stay.
        float[] labels = {1, 0, 1,
                          1, 1, 1};
        DmspsOutputs.keepLargestPerSliceAndClass(labels, 2, 1, 3, 2);
        assertThat(labels).containsExactly(1, 0, 2, 1, 1, 1);
    }
}
