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
}
