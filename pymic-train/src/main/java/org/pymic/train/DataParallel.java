package org.pymic.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.pymic.net.NetOutput;
import org.pymic.net.SegNetwork;

/**
 * One learning network computed on several devices, as PyMIC gets it from {@code torch.nn.DataParallel}.
 * The primary network is the one the run holds (the optimiser steps it, checkpoints save it); every other
 * device of {@link DeviceChoice#devices} holds a replica of the same structure with its own parameter
 * arrays, under a sub-manager of the run's root manager on that device.
 *
 * <p>A step: {@link #forward} splits the batch along dimension 0 into contiguous shards as
 * {@code torch.chunk} does (shards of {@code ceil(N / devices)} samples, the last smaller, fewer shards
 * than devices when the batch is small), runs shard {@code i} on replica {@code i} and gathers every head of
 * the {@link NetOutput} onto the primary device by concatenation, so the loss is computed on the whole
 * batch as on one device. Its backward reaches the primary directly and every other replica through
 * {@link #backwardReplicas} (DJL's copy between devices records no gradient). {@link #reduceGradients} adds each replica's gradients into the primary's and
 * zeroes the replica's; after the optimiser has stepped the primary, {@link #broadcast} copies every
 * parameter of the primary, batch-norm running statistics included, to the replicas. In training mode
 * batch norm normalises each shard by its own statistics and the running statistics kept are the
 * primary's, computed from shard 0, as {@code nn.DataParallel} keeps replica 0's.
 */
public final class DataParallel {
    private final SegNetwork primary;
    private final List<Device> devices;
    private final List<SegNetwork> replicas;
    private final List<List<Pending>> pending = new ArrayList<>();

    private DataParallel(SegNetwork primary, List<Device> devices, List<SegNetwork> replicas) {
        this.primary = primary;
        this.devices = List.copyOf(devices);
        this.replicas = List.copyOf(replicas);
        for (int i = 0; i < replicas.size(); i++) {
            pending.add(new ArrayList<>());
        }
    }

    /**
     * Replicas of {@code primary} (already initialised on {@code devices.get(0)}) on every further device:
     * each built by {@code factory} (a network of the same type and configuration), initialised with
     * {@code inputShape} under {@code root.newSubManager(device)}, and given the primary's values.
     */
    public static DataParallel of(SegNetwork primary, Supplier<SegNetwork> factory, List<Device> devices,
                                  NDManager root, Shape inputShape) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("data parallel needs at least one device");
        }
        List<SegNetwork> r = new ArrayList<>();
        r.add(primary);
        for (int i = 1; i < devices.size(); i++) {
            SegNetwork n = factory.get();
            if (!n.name().equals(primary.name())) {
                throw new IllegalArgumentException("replica of " + primary.name() + " built as " + n.name());
            }
            n.initialize(root.newSubManager(devices.get(i)), inputShape);
            if (!n.namedParameters().keySet().equals(primary.namedParameters().keySet())) {
                throw new IllegalStateException("replica of " + primary.name() + " has other parameters");
            }
            r.add(n);
        }
        DataParallel dp = new DataParallel(primary, devices, r);
        dp.broadcast();
        return dp;
    }

    /** The sizes of the contiguous shards of a batch of {@code n} over {@code k} devices, as {@code torch.chunk}. */
    public static int[] shardSizes(long n, int k) {
        if (n <= 0 || k <= 0) {
            throw new IllegalArgumentException("cannot split a batch of " + n + " over " + k + " devices");
        }
        long size = (n + k - 1) / k;
        int count = (int) ((n + size - 1) / size);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = (int) Math.min(size, n - i * size);
        }
        return out;
    }

    public SegNetwork primary() {
        return primary;
    }

    /** The networks by device, the primary first. */
    public List<SegNetwork> replicas() {
        return replicas;
    }

    public List<Device> devices() {
        return devices;
    }

    /**
     * The forward pass of the whole batch: shards on their replicas, every head gathered on the primary
     * device in batch order. A batch of one shard runs on the primary alone through {@code ps}.
     *
     * <p>Shard 0 runs on the primary and stays in its autograd graph. DJL's {@code toDevice} copies
     * without recording a gradient (its JNI {@code to} runs under {@code NoGradGuard}), so the heads of
     * the other shards arrive on the primary as leaves that collect their gradient, and
     * {@link #backwardReplicas} carries that gradient back into each replica's graph; a replica's input
     * is a copy of its shard without gradient (networks take data, not arrays that learn).
     */
    public NetOutput forward(ParameterStore ps, NDArray input, boolean training) {
        return forward(ps, input, training, java.util.Set.of());
    }

    /** As {@link #forward(ParameterStore, NDArray, boolean)}, without the heads named in {@code skip}. */
    public NetOutput forward(ParameterStore ps, NDArray input, boolean training, java.util.Set<String> skip) {
        int[] sizes = shardSizes(input.getShape().get(0), replicas.size());
        if (sizes.length == 1) {
            return primary.forward(ps, input, training, skip);
        }
        boolean recording = JniUtils.isGradMode();
        Device home = input.getDevice();
        List<NetOutput> outs = new ArrayList<>(sizes.length);
        long from = 0;
        for (int i = 0; i < sizes.length; i++) {
            NDArray shard = input.get(new NDIndex(from + ":" + (from + sizes[i])));
            from += sizes[i];
            if (i == 0) {
                outs.add(primary.forward(ps, shard, training, skip));
                continue;
            }
            NDArray x = shard.stopGradient().toDevice(devices.get(i), false);
            NetOutput out = replicas.get(i).forward(new ParameterStore(x.getManager(), false), x, training,
                    skip);
            List<Pending> mine = pending.get(i);
            outs.add(out.map(a -> {
                NDArray copy = a.stopGradient().toDevice(home, false);
                if (recording) {
                    copy.setRequiresGradient(true);
                    mine.add(new Pending(a, copy));
                }
                return copy;
            }));
        }
        int heads = outs.get(0).heads().size();
        NDList gathered = new NDList(heads);
        for (int h = 0; h < heads; h++) {
            NDList parts = new NDList(outs.size());
            for (NetOutput o : outs) {
                parts.add(o.heads().get(h).array());
            }
            gathered.add(NDArrays.concat(parts, 0));
        }
        return NetOutput.of(gathered, primary.heads(training, skip), primary.name());
    }

    /** A replica's output head and its copy on the primary device, whose gradient goes back to the replica. */
    private record Pending(NDArray output, NDArray copy) {
    }

    /**
     * Carries the gradients that {@code gc}'s backward pass of the loss left on the gathered copies back
     * through each replica's graph (one backward per replica of {@code sum(output * gradient)}), so each
     * replica's parameters get the gradient of its shard. Call inside the collector, right after the
     * backward of the loss; forwards of this step that did not reach the loss carry nothing.
     */
    public void backwardReplicas(GradientCollector gc) {
        try {
            for (int r = 1; r < replicas.size(); r++) {
                NDArray total = null;
                for (Pending p : pending.get(r)) {
                    PtNDArray g = p.copy().hasGradient() ? JniUtils.getGradient((PtNDArray) p.copy()) : null;
                    if (g == null) {
                        continue;
                    }
                    NDArray term = p.output().mul(g.toDevice(p.output().getDevice(), false)).sum();
                    total = total == null ? term : total.add(term);
                }
                if (total != null) {
                    gc.backward(total);
                }
            }
        } finally {
            clearPending();
        }
    }

    /** Forgets the outputs of this step's forwards (a step that stopped before its backward pass). */
    public void clearPending() {
        pending.forEach(List::clear);
    }

    /**
     * Adds every replica's parameter gradients into the primary's (on the primary device) and zeroes the
     * replica's. Call after the backward pass, before the optimiser steps the primary.
     */
    public void reduceGradients() {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            List<Parameter> target = primary.parameters();
            Device home = devices.get(0);
            for (int r = 1; r < replicas.size(); r++) {
                List<Parameter> source = replicas.get(r).parameters();
                for (int k = 0; k < source.size(); k++) {
                    NDArray from = source.get(k).getArray();
                    PtNDArray g = gradient(from);
                    if (g == null) {
                        continue;
                    }
                    try {
                        PtNDArray g0 = gradient(target.get(k).getArray());
                        if (g0 == null) {
                            throw new IllegalStateException("parameter " + target.get(k).getName() + " of "
                                    + primary.name() + " has no gradient, but its replica on " + devices.get(r) + " has");
                        }
                        try {
                            NDArray moved = g.toDevice(home, false);
                            g0.addi(moved);
                            if (moved != g) {
                                moved.close();
                            }
                        } finally {
                            g0.close();
                        }
                    } finally {
                        g.close();
                    }
                    JniUtils.zeroGrad((PtNDArray) from);
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** Copies every parameter of the primary (running statistics included) to every replica. */
    public void broadcast() {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            Map<String, Parameter> source = primary.namedParameters();
            for (int r = 1; r < replicas.size(); r++) {
                for (Map.Entry<String, Parameter> e : replicas.get(r).namedParameters().entrySet()) {
                    NDArray from = source.get(e.getKey()).getArray();
                    NDArray to = e.getValue().getArray();
                    if (!from.getShape().equals(to.getShape()) || from.getDataType() != to.getDataType()) {
                        throw new IllegalStateException("parameter " + e.getKey() + " of " + primary.name() + " is "
                                + from.getShape() + " " + from.getDataType() + " but " + to.getShape() + " "
                                + to.getDataType() + " on " + devices.get(r));
                    }
                    to.set(from.toByteBuffer());
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private static PtNDArray gradient(NDArray array) {
        if (!array.hasGradient()) {
            return null;
        }
        return JniUtils.getGradient((PtNDArray) array);
    }
}
