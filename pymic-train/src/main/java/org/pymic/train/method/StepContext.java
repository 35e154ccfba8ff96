package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Batch;
import org.pymic.loss.SegLoss;
import org.pymic.net.SegNetwork;

/**
 * What a {@link Method} sees of one training step: the batches as NDArrays of the step's own manager
 * (closed with the step), the networks and their forward pass, the iteration, ramp-up helpers, the
 * configured supervised loss, the method's parameters, and a place to record named loss terms for the
 * log and the metrics file.
 */
public final class StepContext {
    private final NDManager manager;
    private final int iteration;
    private final int iterMax;
    private final Batch labelled;
    private final Batch unlabelled;
    private final Map<String, SegNetwork> networks;
    private final ParameterStore parameterStore;
    private final SegLoss supervisedLoss;
    private final Params params;
    private final Map<String, Double> terms = new LinkedHashMap<>();
    private NDArray image;
    private NDArray label;
    private NDArray weight;
    private NDArray unlabelledImage;

    /**
     * @param manager the step's manager; every array made here belongs to it
     * @param iteration iterations completed before this step (PyMIC's {@code glob_it})
     * @param iterMax {@code [training] iter_max}
     * @param labelled the labelled batch (may be null for purely unsupervised steps)
     * @param unlabelled the unlabelled batch, or null when the method does not use one
     */
    public StepContext(NDManager manager, int iteration, int iterMax, Batch labelled, Batch unlabelled,
                       Map<String, SegNetwork> networks, SegLoss supervisedLoss, Params params) {
        this.manager = manager;
        this.iteration = iteration;
        this.iterMax = iterMax;
        this.labelled = labelled;
        this.unlabelled = unlabelled;
        this.networks = networks;
        this.parameterStore = new ParameterStore(manager, false);
        this.supervisedLoss = supervisedLoss;
        this.params = params;
    }

    public NDManager manager() {
        return manager;
    }

    /** Iterations completed before this step. */
    public int iteration() {
        return iteration;
    }

    public int iterMax() {
        return iterMax;
    }

    public Params params() {
        return params;
    }

    public Batch labelledBatch() {
        return labelled;
    }

    public Batch unlabelledBatch() {
        return unlabelled;
    }

    /** Labelled images (N, C, ...). */
    public NDArray image() {
        if (image == null) {
            image = array(labelled.image(), labelled.imageShape());
        }
        return image;
    }

    /** Soft labels (N, K, ...). */
    public NDArray label() {
        if (label == null) {
            if (labelled.label() == null) {
                throw new PymicException(ExitCode.DATA, "the labelled batch " + labelled.names() + " has no label");
            }
            label = array(labelled.label(), labelled.labelShape());
        }
        return label;
    }

    /** Pixel weights (N, 1, ...), or null when every pixel weighs 1. */
    public NDArray pixelWeight() {
        if (weight == null && labelled.pixelWeight() != null) {
            weight = array(labelled.pixelWeight(), labelled.weightShape());
        }
        return weight;
    }

    /** Unlabelled images (N, C, ...). */
    public NDArray unlabelledImage() {
        if (unlabelled == null) {
            throw new IllegalStateException("this method did not ask for unlabelled data");
        }
        if (unlabelledImage == null) {
            unlabelledImage = array(unlabelled.image(), unlabelled.imageShape());
        }
        return unlabelledImage;
    }

    private NDArray array(float[] data, int[] shape) {
        long[] s = new long[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape[i];
        }
        return manager.create(data, new Shape(s));
    }

    public SegNetwork network(String name) {
        SegNetwork n = networks.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no network '" + name + "' (have " + networks.keySet() + ")");
        }
        return n;
    }

    public Map<String, SegNetwork> networks() {
        return networks;
    }

    /** Training-mode forward pass of network {@code name}: main logits first, then auxiliary outputs. */
    public NDList forward(String name, NDArray input) {
        return forward(name, input, true);
    }

    /** Forward pass in training or evaluation mode (batch norm statistics, dropout). */
    public NDList forward(String name, NDArray input, boolean training) {
        return network(name).block().forward(parameterStore, new NDList(input), training);
    }

    /** The configured supervised loss ({@code [training] loss_type}, deep supervision included). */
    public SegLoss supervisedLoss() {
        return supervisedLoss;
    }

    /** The supervised loss of {@code outputs} against this step's labels and pixel weights. */
    public NDArray supervisedLoss(NDList outputs) {
        return supervisedLoss.compute(outputs, label(), pixelWeight());
    }

    /**
     * The weight of a regularisation term at this step, {@code regularizeW * rampup}, with PyMIC's
     * sigmoid ramp-up from {@code rampupStart} to {@code rampupEnd} (null: {@code iter_max}).
     */
    public double regularWeight(double regularizeW, int rampupStart, Integer rampupEnd) {
        return regularizeW * sigmoidRampup(rampupStart, rampupEnd);
    }

    /** PyMIC's sigmoid ramp-up ratio from {@code start} to {@code end} (null: {@code iter_max}) at this step. */
    public double sigmoidRampup(int start, Integer end) {
        return rampup(start, end == null ? iterMax() : end, "sigmoid");
    }

    /** PyMIC's {@code get_rampup_ratio(glob_it, start, end, mode)} at this step. */
    public double rampup(int start, int end, String mode) {
        return Rampup.ratio(iteration, start, end, mode);
    }

    /** Records a scalar term for the log (read now, so the array may be closed later). */
    public void record(String name, NDArray scalar) {
        terms.put(name, scalar(scalar));
    }

    /** The value of a scalar array of any floating type. */
    public static double scalar(NDArray a) {
        return a.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }

    public void record(String name, double value) {
        terms.put(name, value);
    }

    /** Terms recorded in this step, in recording order. */
    public Map<String, Double> terms() {
        return terms;
    }
}
