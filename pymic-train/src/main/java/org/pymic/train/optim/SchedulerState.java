package org.pymic.train.optim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pymic.core.error.PymicException;

/**
 * Plain learning-rate schedule state: the schedule's name and named numbers (e.g. the current
 * rate, the best score, the count of bad rounds). Written as a small binary blob for checkpoints.
 */
public record SchedulerState(String scheduler, Map<String, Double> values) {
    private static final int MAGIC = 0x504D5353; // "PMSS"

    public SchedulerState {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of {@code key}; a missing key is an input error. */
    public double get(String key) {
        Double v = values.get(key);
        if (v == null) {
            throw PymicException.input("lr scheduler state of " + scheduler + " lacks '" + key + "'");
        }
        return v;
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeUTF(scheduler);
        out.writeInt(values.size());
        for (Map.Entry<String, Double> e : values.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue());
        }
    }

    public static SchedulerState read(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw PymicException.input("lr scheduler state: not a pymic scheduler state blob");
        }
        String name = in.readUTF();
        int n = in.readInt();
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(in.readUTF(), in.readDouble());
        }
        return new SchedulerState(name, m);
    }

    public byte[] toBytes() {
        return StateBlobs.toBytes(this::write);
    }

    public static SchedulerState fromBytes(byte[] bytes) {
        return StateBlobs.fromBytes(bytes, SchedulerState::read, "lr scheduler state");
    }
}
