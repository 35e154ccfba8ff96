package org.pymic.net.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.training.GradientCollector;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LayoutTest {

    /** The engine's own answer, which DJL keeps package-private: is the memory row-major for the logical shape? */
    static boolean isContiguous(NDArray x) {
        try {
            Class<?> lib = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
            Field f = lib.getDeclaredField("LIB");
            f.setAccessible(true);
            Method m = lib.getDeclaredMethod("torchIsContiguous", long.class);
            m.setAccessible(true);
            return (boolean) m.invoke(f.get(null), ((PtNDArray) x).getHandle());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** The channels-last memory order viewed as an (N, spatial..., C) array: contiguous iff x is channels-last. */
    static NDArray memoryOrderView(NDArray x) {
        return x.transpose(Layout.toMemoryOrder(x.getShape().dimension()));
    }

    static NDArray ramp(NDManager m, Shape s) {
        return m.arange((float) s.size()).reshape(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2,3,4,5", "2,3,4,5,6", "2,1,4,5", "1,1,3,4,5"})
    void channelsLastKeepsValuesAndReordersMemory(String dims) {
        long[] d = java.util.Arrays.stream(dims.split(",")).mapToLong(Long::parseLong).toArray();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = ramp(m, new Shape(d));
            NDArray cl = Layout.channelsLast(x);
            assertThat(cl.getShape()).isEqualTo(x.getShape());
            assertThat(cl.toFloatArray()).containsExactly(x.toFloatArray());
            assertThat(isContiguous(memoryOrderView(cl))).isTrue();
            if (d[1] > 1) {
                assertThat(isContiguous(cl)).isFalse();
            }
            NDArray back = Layout.standard(cl);
            assertThat(isContiguous(back)).isTrue();
            assertThat(back.toFloatArray()).containsExactly(x.toFloatArray());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void gradientsPassThroughBothConversions(int channels) {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(2, channels, 3, 4);
            NDArray x = ramp(m, s);
            NDArray w = ramp(m, s).mul(0.5f).add(1);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = Layout.standard(Layout.channelsLast(x).mul(w));
                gc.backward(y.sum());
            }
            // d/dx sum(x * w) = w, whatever the memory order in between
            assertThat(x.getGradient().toFloatArray()).containsExactly(w.toFloatArray(), within(0f));
        }
    }
}
