package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pymic.core.image.Volume;

class ClassDiceTest {

    @Test
    void denseLabelsScoreEveryVoxel() {
        float[] pred = {0, 1, 1, 2, 0, 2};
        float[] ref = {0, 1, 2, 2, 0, 0};
        double[] d = ClassDice.of(pred, ref, 3);
        // class 0: P {0,4}, G {0,4,5}: 2*2/(2+3); class 1: P {1,2}, G {1}: 2/3; class 2: P {3,5}, G {2,3}: 2/4
        assertThat(d[0]).isCloseTo(4.0 / 5, within(1e-4));
        assertThat(d[1]).isCloseTo(2.0 / 3, within(1e-4));
        assertThat(d[2]).isCloseTo(0.5, within(1e-4));
    }

    @Test
    void unannotatedVoxelsAreIgnoredInPredictionAndReference() {
        // the same maps, voxels 2 and 5 unannotated: a prediction there counts neither way
        float[] pred = {0, 1, 1, 2, 0, 2};
        float[] ref = {0, 1, -1, 2, 0, -1};
        double[] d = ClassDice.of(pred, ref, 3);
        // annotated voxels 0,1,3,4: prediction equals the reference on all of them
        assertThat(d).containsExactly(new double[] {1, 1, 1}, within(1e-4));
        assertThat(ClassDice.meanForeground(d)).isCloseTo(1, within(1e-4));
        float[] wrong = {1, 1, 0, 2, 0, 0};
        double[] w = ClassDice.of(wrong, ref, 3);
        // class 0: P {4}, G {0,4}: 2/3; class 1: P {0,1}, G {1}: 2/3; class 2: 1
        assertThat(w[0]).isCloseTo(2.0 / 3, within(1e-4));
        assertThat(w[1]).isCloseTo(2.0 / 3, within(1e-4));
        assertThat(w[2]).isCloseTo(1, within(1e-4));
    }

    @Test
    void validationLabelsMarkZeroWeightAndEmptyOneHotVoxelsAsNotAnnotated() {
        // one-hot over 3 classes of 4 voxels: voxel 2 all zeros; pixel weight 0 at voxel 3
        float[] oneHot = {
            1, 0, 0, 0,
            0, 1, 0, 0,
            0, 0, 0, 1};
        Volume label = Volume.of(oneHot, 3, 1, 1, 4);
        Volume weight = Volume.of(new float[] {1, 1, 1, 0}, 1, 1, 1, 4);
        Volume idx = TrainingRun.indexLabel(label, weight);
        assertThat(idx.data()).containsExactly(0, 1, -1, -1);
        assertThat(TrainingRun.indexLabel(label, null).data()).containsExactly(0, 1, -1, 2);
        ValidationCase partial = new ValidationCase("p", label, idx);
        ValidationCase dense = new ValidationCase("d", label, Volume.of(new float[] {0, 1, 2, 2}, 1, 1, 1, 4));
        assertThat(partial.unannotatedVoxels()).isEqualTo(2);
        assertThat(ValidationCase.describe(List.of(dense))).contains("dense labels");
        assertThat(ValidationCase.describe(List.of(dense, partial)))
                .contains("1 of 2 case(s) partially annotated (75.0% of all voxels annotated)")
                .contains("Dice on the annotated voxels only");
    }
}
