package org.pymic.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A segmentation network: a DJL block plus what the rest of pymic needs to know about it.
 *
 * <p>{@code block().forward(parameterStore, new NDList(x), training)} returns an NDList whose first
 * array holds the main logits (N, class_num, spatial of x). When the network was built with
 * {@code multiscale_pred} and {@code training} is true, further arrays are auxiliary logits at 1/2,
 * 1/4 and 1/8 resolution (deep supervision, as PyMIC's U-Nets). Call {@link #initialize} once
 * before the first forward; parameters live on the manager given there.
 */
public final class SegNetwork {
    private final String name;
    private final Block block;
    private final int dim;
    private final int inChannels;
    private final int classNum;
    private final boolean multiscale;

    public SegNetwork(String name, Block block, int dim, int inChannels, int classNum, boolean multiscale) {
        this.name = name;
        this.block = block;
        this.dim = dim;
        this.inChannels = inChannels;
        this.classNum = classNum;
        this.multiscale = multiscale;
    }

    /** The registered network type, e.g. {@code UNet2D}. */
    public String name() {
        return name;
    }

    /** 2 for networks on (N, C, H, W) batches (which also take (N, C, D, H, W) slice-wise), 3 for volumes. */
    public int dim() {
        return dim;
    }

    public int inChannels() {
        return inChannels;
    }

    public int classNum() {
        return classNum;
    }

    /** Whether training forwards also return auxiliary lower-resolution logits. */
    public boolean multiscale() {
        return multiscale;
    }

    public Block block() {
        return block;
    }

    /** Creates the parameters (float32) on {@code manager}; {@code inputShape} is (N, C, spatial...). */
    public void initialize(NDManager manager, Shape inputShape) {
        block.initialize(manager, DataType.FLOAT32, inputShape);
    }

    /** Forward with the parameters used in place (no copies): the common case on one device. */
    public NDList forward(NDArray input, boolean training) {
        ParameterStore ps = new ParameterStore(input.getManager(), false);
        return block.forward(ps, new NDList(input), training);
    }

    /** Every parameter that learns (has a gradient), in block order; excludes batch-norm running statistics. */
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(p.getValue());
            }
        }
        return out;
    }

    /** Every parameter, learned or not (running statistics), by its hierarchical name. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.put(p.getKey(), p.getValue());
        }
        return out;
    }

    /** Total number of learned values (what PyTorch counts as {@code sum(p.numel())}). */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.getShape().size();
        }
        return n;
    }

    /** Writes every parameter value by name (see {@link ParameterFile}). */
    public void save(Path file) {
        ParameterFile.save(this, file);
    }

    /** Reads parameter values saved by {@link #save}; names and shapes must match. */
    public void load(Path file) {
        ParameterFile.load(this, file);
    }

    /** Writes every parameter value by name to a stream (e.g. inside a checkpoint). */
    public void save(OutputStream out) throws IOException {
        ParameterFile.write(this, out);
    }

    /** Reads parameter values written by {@link #save(OutputStream)}; {@code source} names it in errors. */
    public void load(InputStream in, String source) throws IOException {
        ParameterFile.read(this, in, source);
    }

    @Override
    public String toString() {
        return name + "(dim=" + dim + ", in=" + inChannels + ", classes=" + classNum + ", multiscale=" + multiscale + ")";
    }
}
