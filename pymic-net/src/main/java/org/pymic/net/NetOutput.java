package org.pymic.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What a network's forward pass returns, typed: the main logits (N, K, spatial of the input) plus named
 * heads of declared kinds. A loss or a method asks for the heads it reads: deep supervision reads
 * {@link HeadKind#SCALE} heads only, CCT its {@link HeadKind#AUX} decoders, dual-branch and multi-decoder
 * methods the {@link HeadKind#BRANCH} outputs. The order of heads is the network's declaration order
 * ({@link SegNetwork#heads}).
 */
public final class NetOutput {
    /** One output array with its name (e.g. {@code scale1}, {@code aux1}, {@code branch2}) and kind. */
    public record Head(String name, HeadKind kind, NDArray array) {
    }

    private final List<Head> heads;

    private NetOutput(List<Head> heads) {
        if (heads.isEmpty() || heads.get(0).kind() != HeadKind.MAIN) {
            throw new IllegalArgumentException("a network output starts with its main logits");
        }
        this.heads = List.copyOf(heads);
    }

    /** An output of the main logits alone. */
    public static NetOutput of(NDArray main) {
        return new NetOutput(List.of(new Head("main", HeadKind.MAIN, main)));
    }

    /**
     * Reads a block's raw outputs against the heads the network declared for this mode; the counts
     * must agree (a network that returns more or fewer arrays than it declares is a bug, not a config
     * problem).
     */
    public static NetOutput of(NDList raw, List<HeadSpec> declared, String network) {
        if (raw.size() != declared.size()) {
            throw new IllegalStateException("network " + network + " returned " + raw.size()
                    + " outputs but declares " + declared.size() + " " + declared);
        }
        List<Head> h = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            h.add(new Head(declared.get(i).name(), declared.get(i).kind(), raw.get(i)));
        }
        return new NetOutput(h);
    }

    /** The main logits (N, K, spatial...). */
    public NDArray main() {
        return heads.get(0).array();
    }

    /** Every head, main first. */
    public List<Head> heads() {
        return heads;
    }

    /** The arrays of the heads of {@code kind}, in declaration order. */
    public List<NDArray> of(HeadKind kind) {
        List<NDArray> out = new ArrayList<>();
        for (Head h : heads) {
            if (h.kind() == kind) {
                out.add(h.array());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Deep-supervision logits at lower resolutions (1/2, 1/4, 1/8 of the input), empty without them. */
    public List<NDArray> scales() {
        return of(HeadKind.SCALE);
    }

    /** Auxiliary decoders' logits at full resolution (CCT), empty without them. */
    public List<NDArray> auxiliary() {
        return of(HeadKind.AUX);
    }

    /**
     * The predictions of every decoder of a multi-decoder network (dual-branch, MCNet): the main logits
     * (the first decoder) followed by the {@link HeadKind#BRANCH} heads. A single-decoder network has one.
     */
    public List<NDArray> branches() {
        List<NDArray> out = new ArrayList<>();
        out.add(main());
        out.addAll(of(HeadKind.BRANCH));
        return Collections.unmodifiableList(out);
    }

    /** The head called {@code name}. */
    public NDArray get(String name) {
        for (Head h : heads) {
            if (h.name().equals(name)) {
                return h.array();
            }
        }
        throw new IllegalArgumentException("no output head '" + name + "' (have " + names() + ")");
    }

    /** Whether a head called {@code name} exists. */
    public boolean has(String name) {
        return heads.stream().anyMatch(h -> h.name().equals(name));
    }

    private List<String> names() {
        return heads.stream().map(Head::name).toList();
    }

    /** The same heads with {@code f} applied to every array (e.g. a slice of the batch). */
    public NetOutput map(UnaryOperator<NDArray> f) {
        List<Head> h = new ArrayList<>(heads.size());
        for (Head x : heads) {
            h.add(new Head(x.name(), x.kind(), f.apply(x.array())));
        }
        return new NetOutput(h);
    }

    /** The first {@code n} samples of every head (the labelled part of a concatenated batch). */
    public NetOutput head(long n) {
        return map(a -> a.get(new NDIndex("0:" + n)));
    }

    /** The samples from {@code n} on of every head (the unlabelled part of a concatenated batch). */
    public NetOutput tail(long n) {
        return map(a -> a.get(new NDIndex(n + ":")));
    }

    /** The arrays in declaration order. */
    public NDList toList() {
        NDList l = new NDList(heads.size());
        heads.forEach(h -> l.add(h.array()));
        return l;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("NetOutput[");
        for (Head h : heads) {
            b.append(b.length() == 10 ? "" : ", ").append(h.name()).append(' ').append(h.array().getShape());
        }
        return b.append(']').toString();
    }
}
