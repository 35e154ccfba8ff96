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
import java.util.Set;

/**
 * A segmentation network: a DJL block plus what the rest of pymic needs to know about it.
 *
 * <p>{@link #forward} returns a typed {@link NetOutput}: the main logits (N, class_num, spatial of x) and
 * the heads the network declares for the mode ({@link #heads}): deep-supervision scales at 1/2, 1/4 and
 * 1/8 resolution when built with {@code multiscale_pred} and training, auxiliary decoders (CCT), further
 * branches (dual-branch networks, MCNet). The block's raw {@code NDList} holds the same arrays in the
 * declared order. Call {@link #initialize} once before the first forward; parameters live on the
 * manager given there.
 */
public final class SegNetwork {
    private final String name;
    private final Block block;
    private final int dim;
    private final int inChannels;
    private final int classNum;
    private final boolean multiscale;
    private final OutputLayout layout;

    /** The heads a network's block returns in training or evaluation mode, in order. */
    @FunctionalInterface
    public interface OutputLayout {
        List<HeadSpec> heads(boolean training);
    }

    /** A single-decoder network: main logits, plus three deep-supervision scales when {@code multiscale} and training. */
    public SegNetwork(String name, Block block, int dim, int inChannels, int classNum, boolean multiscale) {
        this(name, block, dim, inChannels, classNum, multiscale, training -> HeadSpec.unet(multiscale, training));
    }

    /** A network whose block returns the heads {@code layout} declares. */
    public SegNetwork(String name, Block block, int dim, int inChannels, int classNum, boolean multiscale,
                      OutputLayout layout) {
        this.name = name;
        this.block = block;
        this.dim = dim;
        this.inChannels = inChannels;
        this.classNum = classNum;
        this.multiscale = multiscale;
        this.layout = layout;
    }

    /** The heads {@link #forward} returns in this mode, main first. */
    public List<HeadSpec> heads(boolean training) {
        return layout.heads(training);
    }

    /** The heads declared for the mode, less those named in {@code skip}. */
    public List<HeadSpec> heads(boolean training, Set<String> skip) {
        List<HeadSpec> all = layout.heads(training);
        return skip.isEmpty() ? all : all.stream().filter(h -> !skip.contains(h.name())).toList();
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

    /** What each spatial axis of the input must be a multiple of ({@link org.pymic.net.layer.NetBlock#sizeMultiple}), or null. */
    public int[] sizeMultiple() {
        return block instanceof org.pymic.net.layer.NetBlock nb ? nb.sizeMultiple() : null;
    }

    /** Creates the parameters (float32) on {@code manager}; {@code inputShape} is (N, C, spatial...). */
    public void initialize(NDManager manager, Shape inputShape) {
        block.initialize(manager, DataType.FLOAT32, inputShape);
    }

    /** Forward with the parameters used in place (no copies): the common case on one device. */
    public NetOutput forward(NDArray input, boolean training) {
        return forward(new ParameterStore(input.getManager(), false), input, training);
    }

    /** Forward through {@code ps}, typed by the heads this network declares for the mode. */
    public NetOutput forward(ParameterStore ps, NDArray input, boolean training) {
        NDList raw = block.forward(ps, new NDList(input), training);
        return NetOutput.of(raw, layout.heads(training), name);
    }

    /**
     * Forward without computing the heads named in {@code skip} (the block reads them from the forward
     * parameter {@link #SKIP_HEADS}); a block that computes them anyway fails the head count. UniMatch's
     * strong views skip {@code fp}, as the reference runs them without the feature perturbation.
     */
    public NetOutput forward(ParameterStore ps, NDArray input, boolean training, Set<String> skip) {
        if (skip.isEmpty()) {
            return forward(ps, input, training);
        }
        ai.djl.util.PairList<String, Object> params = new ai.djl.util.PairList<>();
        params.add(SKIP_HEADS, skip);
        NDList raw = block.forward(ps, new NDList(input), training, params);
        return NetOutput.of(raw, heads(training, skip), name);
    }

    /** The forward parameter (a {@code Set<String>}) naming heads a block should not compute. */
    public static final String SKIP_HEADS = "pymic.skipHeads";

    /** Whether the forward parameters {@code params} ask to skip the head {@code head}. */
    public static boolean skips(ai.djl.util.PairList<String, Object> params, String head) {
        if (params == null) {
            return false;
        }
        Object v = params.get(SKIP_HEADS);
        return v instanceof Set<?> set && set.contains(head);
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
