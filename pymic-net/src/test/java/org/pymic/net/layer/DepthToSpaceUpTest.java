package org.pymic.net.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class DepthToSpaceUpTest {

    @Test
    void equalsTransposedConvolutionComputedByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            DepthToSpaceUp up = new DepthToSpaceUp(2, 1, new int[] {2, 2});
            up.initialize(m, DataType.FLOAT32, new Shape(1, 2, 2, 2));
            // transposed conv weight T[c][o][i][j]: T[0][0] = [[1,0],[0,1]], T[1][0] = [[2,0],[0,-1]], bias 0.5
            // our 1x1 weight K[o*4 + i*2 + j][c] = T[c][o][i][j]
            Parameter w = up.getParameters().get("weight");
            Parameter b = up.getParameters().get("bias");
            w.getArray().set(new float[] {1, 2, 0, 0, 0, 0, 1, -1});
            b.getArray().set(new float[] {0.5f});
            NDArray x = m.create(new float[] {1, 2, 3, 4, 0, 1, 1, 0}, new Shape(1, 2, 2, 2));
            NDArray y = up.forward(new ParameterStore(m, false), new NDList(x), false).head();
            // y[2h+i][2w+j] = x0[h][w] T0[i][j] + x1[h][w] T1[i][j] + 0.5, e.g. (h,w)=(0,1): x0=2, x1=1
            // -> [[2+2, 0], [0, 2-1]] + 0.5
            float[] expected = {
                1.5f, 0.5f, 4.5f, 0.5f,
                0.5f, 1.5f, 0.5f, 1.5f,
                5.5f, 0.5f, 4.5f, 0.5f,
                0.5f, 2.5f, 0.5f, 4.5f};
            assertThat(y.getShape()).isEqualTo(new Shape(1, 1, 4, 4));
            assertThat(y.toFloatArray()).containsExactly(expected, within(1e-6f));
        }
    }

    @Test
    void inPlaneFactorsOnVolumesKeepDepthAndCountLikeConvTranspose() {
        try (NDManager m = NDManager.newBaseManager()) {
            DepthToSpaceUp up = new DepthToSpaceUp(3, 2, new int[] {1, 2, 2});
            up.initialize(m, DataType.FLOAT32, new Shape(1, 3, 2, 2, 2));
            // ConvTranspose3d(3, 2, kernel (1,2,2)) has 3*2*4 weights + 2 biases
            long count = up.getParameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
            assertThat(count).isEqualTo(3 * 2 * 4 + 2);
            NDArray x = m.randomNormal(new Shape(2, 3, 2, 3, 3));
            NDArray y = up.forward(new ParameterStore(m, false), new NDList(x), false).head();
            assertThat(y.getShape()).isEqualTo(new Shape(2, 2, 2, 6, 6));
            // each output voxel (d, 2h+i, 2w+j) depends on input voxel (d, h, w) only
            NDArray w = up.getParameters().get("weight").getArray().reshape(2, 4, 3);
            NDArray b = up.getParameters().get("bias").getArray();
            float manual = w.get(1, 2, 0).getFloat() * x.getFloat(1, 0, 1, 2, 0)
                    + w.get(1, 2, 1).getFloat() * x.getFloat(1, 1, 1, 2, 0)
                    + w.get(1, 2, 2).getFloat() * x.getFloat(1, 2, 1, 2, 0) + b.getFloat(1);
            // o = 1, (i, j) = (1, 0) -> sub-position 2; at (d=1, h=2, w=0) -> output (1, 5, 0)
            assertThat(y.getFloat(1, 1, 1, 5, 0)).isCloseTo(manual, within(1e-5f));
        }
    }
}
