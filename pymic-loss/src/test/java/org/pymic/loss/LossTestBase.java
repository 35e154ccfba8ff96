package org.pymic.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Opens a manager per test and builds float64 arrays from literals. */
abstract class LossTestBase {
    protected NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    protected NDArray arr(double[] values, long... shape) {
        return manager.create(values, new Shape(shape));
    }

    protected static double scalar(NDArray a) {
        return a.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }

    /** PyMIC's stabilised probability. */
    protected static double q(double p) {
        return p * 0.999 + 5e-4;
    }
}
