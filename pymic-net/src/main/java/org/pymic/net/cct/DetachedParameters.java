package org.pymic.net.cct;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.Map;

/**
 * Parameter values cut from the autograd graph (they share the parameters' memory), so that a
 * gradient taken inside a forward pass reaches only the tensor it is taken for and never adds to
 * the parameters' gradients. Values that need no gradient (batch-norm running statistics) are the
 * parameters' own arrays, so their in-place updates still land.
 */
final class DetachedParameters extends ParameterStore {
    private final NDManager manager;
    private final Map<String, NDArray> detached = new HashMap<>();

    /** @param manager owns the detached handles; closing it releases them */
    DetachedParameters(NDManager manager) {
        super(manager, false);
        this.manager = manager;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        NDArray v = super.getValue(parameter, device, training);
        if (v == null || !parameter.requiresGradient()) {
            return v;
        }
        return detached.computeIfAbsent(parameter.getId(), id -> {
            NDArray d = v.stopGradient();
            d.attach(manager);
            return d;
        });
    }
}
