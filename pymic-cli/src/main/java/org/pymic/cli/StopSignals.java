package org.pymic.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM during training: instead of the JVM's default (shutting the process down at once,
 * while the training thread may be inside the engine, which crashes libtorch), a signal only sets a flag
 * and calls the stop action (e.g. {@code SegmentationTrainer::requestStop}, itself a flag): the training
 * thread finishes its step, writes its checkpoint and returns, and the command exits with 130. Nothing
 * here touches the engine. Further signals are acknowledged only; a process that must die at once can
 * still be killed with SIGKILL.
 */
final class StopSignals implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private volatile String received;
    private volatile Runnable action = () -> { };

    private StopSignals() {
    }

    /** Handles INT and TERM until closed (where the JVM allows it: not under {@code -Xrs}). */
    static StopSignals install() {
        StopSignals s = new StopSignals();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal sig = new Signal(name);
                s.previous.put(sig, Signal.handle(sig, s::handle));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debug("SIG{} keeps the JVM's handling: {}", name, e.getMessage());
            }
        }
        return s;
    }

    /** Runs on the JVM's signal thread: flags only. */
    private void handle(Signal sig) {
        boolean first = received == null;
        if (first) {
            received = "SIG" + sig.getName();
        }
        LOG.info("{}: {}", "SIG" + sig.getName(), first ? "stopping after the current training step"
                : "already stopping after the current training step (SIGKILL ends the process at once)");
        if (first) {
            action.run();
        }
    }

    /** Calls {@code stop} on the first signal, at once when one has already arrived. */
    void onStop(Runnable stop) {
        action = stop;
        if (received != null) {
            stop.run();
        }
    }

    /** The first signal received (e.g. {@code SIGINT}), or null. */
    String received() {
        return received;
    }

    /**
     * Restores the previous handlers, unless a signal came: then the command is about to exit with 130,
     * and a further signal must not end the process before it has said where it stopped.
     */
    @Override
    public void close() {
        action = () -> { };
        if (received != null) {
            return;
        }
        previous.forEach((sig, handler) -> {
            try {
                Signal.handle(sig, handler);
            } catch (IllegalArgumentException ignored) {
                // nothing to restore
            }
        });
    }
}
