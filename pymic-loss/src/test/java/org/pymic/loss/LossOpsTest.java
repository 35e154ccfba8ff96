package org.pymic.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LossOpsTest {

    @Test
    void weightedMeanIsFloat32AndWeighted() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray v = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 2));
            NDArray w = m.create(new float[] {1, 0, 0, 1}, new Shape(1, 1, 2, 2));
            NDArray mean = LossOps.weightedMean(v, w);
            assertThat(mean.getDataType()).isEqualTo(DataType.FLOAT32);
            // (1*1 + 4*1) / (2 + 1e-5)
            assertThat((double) mean.getFloat()).isCloseTo(5 / (2 + 1e-5), org.assertj.core.data.Offset.offset(1e-6));
        }
    }
}
