package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Batch;
import org.pymic.loss.LossInput;
import org.pymic.loss.Scalars;
import org.pymic.loss.SegLoss;
import org.pymic.net.NetOutput;
import org.pymic.net.SegNetwork;

/**
 * What a {@link Method} sees of one training step: the batches of its streams as NDArrays of the step's
 * own manager (closed with the step), the networks and their typed forward pass, the iteration, ramp-up
 * helpers, the configured supervised loss, the method's parameters, and a place to record named loss
 * terms for the log and the metrics file.
 */
public final class StepContext {
    private final NDManager manager;
    private final int iteration;
    private final int iterMax;
    private final Map<String, Batch> batches;
    private final Map<String, SegNetwork> networks;
    private final ParameterStore parameterStore;
    private final SegLoss supervisedLoss;
    private final Params params;
    private final Map<String, Double> terms = new LinkedHashMap<>();
    private final Map<String, NDArray> arrays = new HashMap<>();
    private final Map<String, Forward> forwards = new HashMap<>();

    /** How a network's forward pass is computed when not by the network alone (data parallel over devices). */
    @FunctionalInterface
    public interface Forward {
        NetOutput forward(ParameterStore ps, NDArray input, boolean training, java.util.Set<String> skip);
    }

    /**
     * @param manager the step's manager; every array made here belongs to it
     * @param iteration iterations completed before this step; ramps read it every step (PyMIC's {@code glob_it}
     *     moves only once per {@code iter_valid} block, so PyMIC's ramps rise in steps)
     * @param iterMax {@code [training] iter_max}
     * @param batches this step's batch of each stream, by {@link StreamSpec#name()}
     */
    public StepContext(NDManager manager, int iteration, int iterMax, Map<String, Batch> batches,
                       Map<String, SegNetwork> networks, SegLoss supervisedLoss, Params params) {
        this.manager = manager;
        this.iteration = iteration;
        this.iterMax = iterMax;
        this.batches = batches;
        this.networks = networks;
        this.parameterStore = new ParameterStore(manager, false);
        this.supervisedLoss = supervisedLoss;
        this.params = params;
    }

    /**
     * A step of the labelled and (may be null) unlabelled streams.
     *
     * @param labelled the labelled batch (may be null for purely unsupervised steps)
     * @param unlabelled the unlabelled batch, or null when the method does not use one
     */
    public StepContext(NDManager manager, int iteration, int iterMax, Batch labelled, Batch unlabelled,
                       Map<String, SegNetwork> networks, SegLoss supervisedLoss, Params params) {
        this(manager, iteration, iterMax, twoStreams(labelled, unlabelled), networks, supervisedLoss, params);
    }

    private static Map<String, Batch> twoStreams(Batch labelled, Batch unlabelled) {
        Map<String, Batch> m = new LinkedHashMap<>();
        if (labelled != null) {
            m.put(StreamSpec.LABELLED.name(), labelled);
        }
        if (unlabelled != null) {
            m.put(StreamSpec.UNLABELLED.name(), unlabelled);
        }
        return m;
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

    /** This step's batch of stream {@code name}. */
    public Batch batch(String stream) {
        Batch b = batches.get(stream);
        if (b == null) {
            throw new IllegalStateException("this method did not ask for the '" + stream + "' stream (has "
                    + batches.keySet() + ")");
        }
        return b;
    }

    public Batch labelledBatch() {
        return batches.get(StreamSpec.LABELLED.name());
    }

    public Batch unlabelledBatch() {
        return batches.get(StreamSpec.UNLABELLED.name());
    }

    /** Images (N, C, ...) of stream {@code name}. */
    public NDArray image(String stream) {
        return arrays.computeIfAbsent(stream + "#image", k -> {
            Batch b = batch(stream);
            return array(b.image(), b.imageShape());
        });
    }

    /** Soft labels (N, K, ...) of stream {@code name}. */
    public NDArray label(String stream) {
        return arrays.computeIfAbsent(stream + "#label", k -> {
            Batch b = batch(stream);
            if (b.label() == null) {
                throw new PymicException(ExitCode.DATA, "the " + stream + " batch " + b.names() + " has no label");
            }
            return array(b.label(), b.labelShape());
        });
    }

    /** Pixel weights (N, 1, ...) of stream {@code name}, or null when every pixel weighs 1. */
    public NDArray pixelWeight(String stream) {
        Batch b = batch(stream);
        if (b.pixelWeight() == null) {
            return null;
        }
        return arrays.computeIfAbsent(stream + "#weight", k -> array(b.pixelWeight(), b.weightShape()));
    }

    /** The extra array {@code name} of stream {@code stream} (a strong view, a CutMix box), shaped like the images. */
    public NDArray extra(String stream, String name) {
        return arrays.computeIfAbsent(stream + "#extra#" + name, k -> {
            Batch.Extra e = batch(stream).extra(name);
            return array(e.data(), e.shape());
        });
    }

    /** Labelled images (N, C, ...). */
    public NDArray image() {
        return image(StreamSpec.LABELLED.name());
    }

    /** Soft labels (N, K, ...). */
    public NDArray label() {
        return label(StreamSpec.LABELLED.name());
    }

    /** Pixel weights (N, 1, ...), or null when every pixel weighs 1. */
    public NDArray pixelWeight() {
        return pixelWeight(StreamSpec.LABELLED.name());
    }

    /** Unlabelled images (N, C, ...). */
    public NDArray unlabelledImage() {
        return image(StreamSpec.UNLABELLED.name());
    }

    /** An array made from plain floats on the step's manager. */
    public NDArray array(float[] data, int[] shape) {
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

    /** Training-mode forward pass of network {@code name}: main logits and the heads it declares. */
    public NetOutput forward(String name, NDArray input) {
        return forward(name, input, true);
    }

    /** Forward pass in training or evaluation mode (batch norm statistics, dropout). */
    public NetOutput forward(String name, NDArray input, boolean training) {
        return forward(name, input, training, java.util.Set.of());
    }

    /** Training-mode forward pass of network {@code name} without computing the heads named in {@code skip}. */
    public NetOutput forwardWithout(String name, NDArray input, String... skip) {
        return forward(name, input, true, java.util.Set.of(skip));
    }

    private NetOutput forward(String name, NDArray input, boolean training, java.util.Set<String> skip) {
        Forward f = forwards.get(name);
        return f != null ? f.forward(parameterStore, input, training, skip)
                : network(name).forward(parameterStore, input, training, skip);
    }

    /**
     * Computes the forward passes of network {@code name} in this step with {@code forward} (the training
     * loop's data-parallel split of the batch); the outputs are the same heads on the step's device.
     */
    public StepContext withForward(String name, Forward forward) {
        network(name);
        forwards.put(name, forward);
        return this;
    }

    /** The configured supervised loss ({@code [training] loss_type}, deep supervision included). */
    public SegLoss supervisedLoss() {
        return supervisedLoss;
    }

    /** The supervised loss of {@code outputs} of the labelled images against this step's labels and pixel weights. */
    public NDArray supervisedLoss(NetOutput outputs) {
        return supervisedLoss.compute(new LossInput(image(), outputs, label(), pixelWeight()));
    }

    /** The supervised loss of {@code outputs} against any soft target (pseudo-labels), without pixel weights. */
    public NDArray supervisedLoss(NetOutput outputs, NDArray target) {
        return supervisedLoss.compute(new LossInput(null, outputs, target, null));
    }

    /** PyMIC's sigmoid ramp-up ratio from {@code start} to {@code end} (null: {@code iter_max}) at this step. */
    public double sigmoidRampup(int start, Integer end) {
        return rampup(start, end == null ? iterMax() : end, "sigmoid");
    }

    /** PyMIC's {@code get_rampup_ratio(iteration, start, end, mode)} at this step's iteration. */
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

    /**
     * {@code sup + w reg}, the loss of a method with one supervised and one regularising term, recorded
     * with its parts as {@code loss}, {@code loss_sup}, {@code loss_reg} and {@code regular_w}.
     */
    public NDArray regularizedLoss(NDArray sup, NDArray reg, double w) {
        NDArray total = sup.add(Scalars.mul(reg, w));
        record("loss", total);
        record("loss_sup", sup);
        record("loss_reg", reg);
        record("regular_w", w);
        return total;
    }

    /** Terms recorded in this step, in recording order. */
    public Map<String, Double> terms() {
        return terms;
    }
}
