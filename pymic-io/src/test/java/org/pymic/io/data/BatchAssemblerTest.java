package org.pymic.io.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;

class BatchAssemblerTest {

    @Test
    void oneHotLabelsAndZeroWeightOutsideTheClasses() {
        // 2 classes; value 2 = not annotated (scribbles)
        Sample s = new Sample("a", Volume.of(new float[] {5, 6, 7}, 1, 1, 1, 3),
                Volume.of(new float[] {0, 1, 2}, 1, 1, 1, 3), null);
        Batch b = new BatchAssembler(2, 2).assemble(List.of(s));
        assertThat(b.imageShape()).containsExactly(1, 1, 1, 3);
        assertThat(b.label()).containsExactly(1, 0, 0, 0, 1, 0);
        assertThat(b.pixelWeight()).containsExactly(1, 1, 0);
        assertThat(b.weightShape()).containsExactly(1, 1, 1, 3);
    }

    @Test
    void allOnesWeightIsNull() {
        Sample s = new Sample("a", Volume.of(new float[] {5, 6}, 1, 1, 1, 2),
                Volume.of(new float[] {0, 1}, 1, 1, 1, 2), null);
        assertThat(new BatchAssembler(2, 3).assemble(List.of(s)).pixelWeight()).isNull();
        Sample u = new Sample("u", Volume.of(new float[] {5, 6}, 1, 1, 1, 2), null, null);
        Batch ub = new BatchAssembler(2, 3).assemble(List.of(u));
        assertThat(ub.labelled()).isFalse();
        assertThat(ub.imageShape()).containsExactly(1, 1, 1, 1, 2);
    }

    @Test
    void foldingPutsSliceDOfSampleNAtItemNTimesDPlusD() {
        // one sample, 2 channels, 2 slices of 1x1: c0 = [1, 2], c1 = [3, 4]
        Sample s = new Sample("a", Volume.of(new float[] {1, 2, 3, 4}, 2, 2, 1, 1), null, null);
        Sample t = new Sample("b", Volume.of(new float[] {5, 6, 7, 8}, 2, 2, 1, 1), null, null);
        Batch b = new BatchAssembler(0, 2).assemble(List.of(s, t));
        assertThat(b.imageShape()).containsExactly(4, 2, 1, 1);
        // items: (a, d0) = [1, 3], (a, d1) = [2, 4], (b, d0) = [5, 7], (b, d1) = [6, 8]
        assertThat(b.image()).containsExactly(1, 3, 2, 4, 5, 7, 6, 8);
    }

    @Test
    void differentShapesAreRefused() {
        Sample s = new Sample("a", Volume.of(new float[2], 1, 1, 1, 2), null, null);
        Sample t = new Sample("b", Volume.of(new float[3], 1, 1, 1, 3), null, null);
        assertThatThrownBy(() -> new BatchAssembler(0, 2).assemble(List.of(s, t)))
                .isInstanceOf(PymicException.class).hasMessageContaining("b is 1x1x1x3");
    }

    /** A sample whose extras are a copy of its image ("view") and a one-channel mask ("view/box"). */
    private static Sample withExtras(String name, float[] image, int c, int d, int h, int w, float[] box) {
        Sample s = new Sample(name, Volume.of(image, c, d, h, w), null, null);
        s.putExtraImage("view", Volume.of(image.clone(), c, d, h, w));
        s.putExtraMask("view/box", Volume.of(box, 1, d, h, w));
        return s;
    }

    @Test
    void extrasFoldLikeTheImageForTwoDimensionalNetworks() {
        // as foldingPutsSliceDOfSampleNAtItemNTimesDPlusD, plus a mask whose values name sample and slice
        Sample s = withExtras("a", new float[] {1, 2, 3, 4}, 2, 2, 1, 1, new float[] {10, 11});
        Sample t = withExtras("b", new float[] {5, 6, 7, 8}, 2, 2, 1, 1, new float[] {20, 21});
        Batch b = new BatchAssembler(0, 2).assemble(List.of(s, t));
        assertThat(b.extraNames()).containsExactly("view", "view/box");
        assertThat(b.extra("view").shape()).containsExactly(4, 2, 1, 1);
        assertThat(b.extra("view").data()).containsExactly(b.image());
        assertThat(b.extra("view/box").shape()).containsExactly(4, 1, 1, 1);
        // item n*D + d is slice d of sample n
        assertThat(b.extra("view/box").data()).containsExactly(10, 11, 20, 21);
    }

    @Test
    void extrasKeepTheDepthAxisForThreeDimensionalNetworksAndNoneForTwoDimensionalData() {
        Sample s = withExtras("a", new float[] {1, 2, 3, 4}, 1, 2, 1, 2, new float[] {0, 1, 1, 0});
        Batch b3 = new BatchAssembler(0, 3).assemble(List.of(s));
        assertThat(b3.extra("view").shape()).containsExactly(1, 1, 2, 1, 2);
        assertThat(b3.extra("view/box").data()).containsExactly(0, 1, 1, 0);
        Sample flat = withExtras("a", new float[] {1, 2}, 1, 1, 1, 2, new float[] {0, 1});
        Batch b2 = new BatchAssembler(0, 2).assemble(List.of(flat, flat));
        assertThat(b2.extra("view/box").shape()).containsExactly(2, 1, 1, 2);
        assertThat(b2.extra("view/box").data()).containsExactly(0, 1, 0, 1);
    }

    @Test
    void askingForAMissingExtraListsTheNamesTheBatchHas() {
        Sample s = withExtras("a", new float[] {1}, 1, 1, 1, 1, new float[] {1});
        Batch b = new BatchAssembler(0, 2).assemble(List.of(s));
        assertThatThrownBy(() -> b.extra("strong1"))
                .isInstanceOf(PymicException.class)
                .hasMessageContaining("'strong1'")
                .hasMessageContaining("view, view/box");
        Batch none = new BatchAssembler(0, 2).assemble(List.of(new Sample("u", Volume.of(new float[1], 1, 1, 1, 1),
                null, null)));
        assertThat(none.extraNames()).isEmpty();
        assertThatThrownBy(() -> none.extra("strong1")).hasMessageContaining("none");
    }

    @Test
    void samplesWithDifferentExtrasOrExtraShapesAreRefused() {
        Sample s = withExtras("a", new float[] {1}, 1, 1, 1, 1, new float[] {1});
        Sample bare = new Sample("b", Volume.of(new float[1], 1, 1, 1, 1), null, null);
        assertThatThrownBy(() -> new BatchAssembler(0, 2).assemble(List.of(s, bare)))
                .isInstanceOf(PymicException.class).hasMessageContaining("b has []");
        Sample wrong = new Sample("c", Volume.of(new float[2], 1, 1, 1, 2), null, null);
        wrong.putExtraMask("box", Volume.of(new float[1], 1, 1, 1, 1));
        assertThatThrownBy(() -> new BatchAssembler(0, 2).assemble(List.of(wrong)))
                .isInstanceOf(PymicException.class).hasMessageContaining("extra volume 'box' is 1x1x1x1");
    }
}
