package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import org.pymic.loss.Scalars;

/** PyMIC's {@code sharpening(P, T)} of MCNet: {@code P^(1/T) / (P^(1/T) + (1 - P)^(1/T))}, element-wise. */
final class Sharpening {
    private Sharpening() {
    }

    static NDArray sharpen(NDArray p, double temperature) {
        double t = 1.0 / temperature;
        NDArray a = Scalars.pow(p, t);
        NDArray b = Scalars.pow(p.neg().add(1), t);
        return a.div(a.add(b));
    }
}
