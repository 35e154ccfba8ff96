package org.pymic.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.pymic.core.config.ConfigSection;
import org.pymic.net.SegNetwork;
import org.pymic.train.optim.LrScheduler;
import org.pymic.train.optim.Optimizer;
import org.pymic.train.optim.OptimizerState;
import org.pymic.train.optim.Optimizers;
import org.pymic.train.optim.SchedulerState;

/**
 * The optimiser and learning-rate schedule of one network ({@code [training] optimizer},
 * {@code lr_scheduler} and their keys): the rate of each step comes from the schedule at the number of
 * iterations done; the schedule hears every validation score. State = optimiser blob + schedule blob.
 */
public final class NetworkOptimizer implements TrainingOptimizer {
    private final SegNetwork network;
    private final Optimizer optimizer;
    private final LrScheduler scheduler;
    private int iteration;

    public NetworkOptimizer(SegNetwork network, Optimizer optimizer, LrScheduler scheduler) {
        this.network = network;
        this.optimizer = optimizer;
        this.scheduler = scheduler;
    }

    /** From the {@code [training]} section. */
    public static NetworkOptimizer fromConfig(SegNetwork network, ConfigSection training) {
        return new NetworkOptimizer(network, Optimizers.fromConfig(training), Optimizers.schedulerFromConfig(training));
    }

    @Override
    public void step(int iteration) {
        this.iteration = iteration;
        optimizer.step(network.parameters(), scheduler.lr(iteration));
    }

    @Override
    public double learningRate() {
        return scheduler.lr(iteration);
    }

    @Override
    public void afterIteration(int iteration) {
        this.iteration = iteration;
    }

    @Override
    public void afterValidation(int iteration, double validScore) {
        scheduler.onValidation(iteration, validScore);
    }

    @Override
    public java.util.List<ai.djl.ndarray.NDArray> engineState() {
        return optimizer.engineState();
    }

    @Override
    public byte[] saveState() {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bos)) {
            byte[] o = optimizer.state().toBytes();
            byte[] s = scheduler.state().toBytes();
            out.writeInt(iteration);
            out.writeInt(o.length);
            out.write(o);
            out.writeInt(s.length);
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    @Override
    public void loadState(byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            iteration = in.readInt();
            byte[] o = new byte[in.readInt()];
            in.readFully(o);
            byte[] s = new byte[in.readInt()];
            in.readFully(s);
            optimizer.load(OptimizerState.fromBytes(o));
            scheduler.load(SchedulerState.fromBytes(s));
        } catch (IOException e) {
            throw new org.pymic.core.error.PymicException(org.pymic.core.error.ExitCode.INPUT,
                    "optimizer state in checkpoint is damaged: " + e.getMessage(), e);
        }
    }
}
