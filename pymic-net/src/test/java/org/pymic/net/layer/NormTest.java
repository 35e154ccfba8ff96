package org.pymic.net.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NormTest {

    private static NDArray sample(NDManager m, Shape s, long seed) {
        Random r = new Random(seed);
        float[] v = new float[(int) s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (3 + 2 * r.nextGaussian() + (i % 7));
        }
        return m.create(v, s);
    }

    @Test
    void instanceNormGivesZeroMeanUnitVariancePerSampleAndChannel() {
        try (NDManager m = NDManager.newBaseManager()) {
            InstanceNormNd norm = new InstanceNormNd(3, 3);
            norm.initialize(m, DataType.FLOAT32, new Shape(2, 3, 4, 5, 6));
            NDArray x = sample(m, new Shape(2, 3, 4, 5, 6), 1);
            float[] y = norm.forward(new ParameterStore(m, false), new NDList(x), true).head().toFloatArray();
            int block = 4 * 5 * 6;
            for (int nc = 0; nc < 6; nc++) {
                double sum = 0;
                double sq = 0;
                for (int i = 0; i < block; i++) {
                    sum += y[nc * block + i];
                    sq += y[nc * block + i] * y[nc * block + i];
                }
                double mean = sum / block;
                assertThat(mean).isCloseTo(0, within(1e-5));
                assertThat(sq / block - mean * mean).isCloseTo(1, within(1e-3));
            }
        }
    }

    @Test
    void instanceNormOverTwoAxesNormalisesEachSliceAndAppliesAffine() {
        try (NDManager m = NDManager.newBaseManager()) {
            InstanceNormNd norm = new InstanceNormNd(2, 2);
            norm.initialize(m, DataType.FLOAT32, new Shape(1, 2, 3, 4, 4));
            norm.getParameters().get("gamma").getArray().set(new float[] {2f, 2f});
            norm.getParameters().get("beta").getArray().set(new float[] {1f, 1f});
            NDArray x = sample(m, new Shape(1, 2, 3, 4, 4), 2);
            float[] y = norm.forward(new ParameterStore(m, false), new NDList(x), false).head().toFloatArray();
            for (int slice = 0; slice < 6; slice++) {
                double sum = 0;
                double sq = 0;
                for (int i = 0; i < 16; i++) {
                    sum += y[slice * 16 + i];
                    sq += y[slice * 16 + i] * y[slice * 16 + i];
                }
                double mean = sum / 16;
                assertThat(mean).isCloseTo(1, within(1e-5));
                assertThat(sq / 16 - mean * mean).isCloseTo(4, within(1e-2));
            }
        }
    }

    @Test
    void batchNormTrainingNormalisesAndUpdatesRunningMeanWithMomentumPointOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            BatchNormNd bn = new BatchNormNd(1);
            bn.initialize(m, DataType.FLOAT32, new Shape(2, 1, 2));
            NDArray x = m.create(new float[] {1, 3, 5, 7}, new Shape(2, 1, 2));
            float[] y = bn.forward(new ParameterStore(m, false), new NDList(x), true).head().toFloatArray();
            // batch mean 4, biased variance 5: y = (x - 4) / sqrt(5 + 1e-5)
            assertThat(y[0]).isCloseTo((float) (-3 / Math.sqrt(5 + 1e-5)), within(1e-5f));
            // running mean 0.9 * 0 + 0.1 * 4; running var 0.9 * 1 + 0.1 * (unbiased 20/3)
            assertThat(bn.getParameters().get("runningMean").getArray().getFloat(0)).isCloseTo(0.4f, within(1e-6f));
            assertThat(bn.getParameters().get("runningVar").getArray().getFloat(0))
                    .isCloseTo(0.9f + 0.1f * 20f / 3f, within(1e-5f));
        }
    }

    @Test
    void convolutionWithOnesKernelSumsNeighbourhoods() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConvNd conv = Layers.conv(2, 1, 1, 3);
            conv.initialize(m, DataType.FLOAT32, new Shape(1, 1, 3, 3));
            conv.getParameters().get("weight").getArray().set(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1});
            conv.getParameters().get("bias").getArray().set(new float[] {0.5f});
            NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new Shape(1, 1, 3, 3));
            float[] y = conv.forward(new ParameterStore(m, false), new NDList(x), false).head().toFloatArray();
            assertThat(y[4]).isCloseTo(45.5f, within(1e-5f)); // centre: all nine
            assertThat(y[0]).isCloseTo(1 + 2 + 4 + 5 + 0.5f, within(1e-5f)); // corner: zero padding
            assertThat(y[5]).isCloseTo(2 + 3 + 5 + 6 + 8 + 9 + 0.5f, within(1e-5f));
        }
    }
}
