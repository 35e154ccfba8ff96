package org.pymic.train.optim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pymic.core.error.PymicException;

/**
 * Plain optimiser state: per parameter (in the order given to {@link Optimizer#step}) its name,
 * its step count and named float slots ({@code exp_avg}, {@code exp_avg_sq}, {@code momentum_buffer}).
 * Written as a small binary blob for checkpoints ({@link #toBytes()}, {@link #fromBytes(byte[])}).
 *
 * @param optimizer the optimiser's name, checked on load
 * @param params per-parameter state
 */
public record OptimizerState(String optimizer, List<ParamState> params) {
    private static final int MAGIC = 0x504D4F53; // "PMOS"
    private static final int VERSION = 1;

    public OptimizerState {
        params = List.copyOf(params);
    }

    /**
     * State of one parameter.
     *
     * @param name the DJL parameter name (checked on load)
     * @param steps number of updates applied
     * @param slots named buffers, each the parameter's size
     */
    public record ParamState(String name, long steps, Map<String, float[]> slots) {
        public ParamState {
            Map<String, float[]> copy = new LinkedHashMap<>();
            slots.forEach((k, v) -> copy.put(k, v.clone()));
            slots = Collections.unmodifiableMap(copy);
        }
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(optimizer);
        out.writeInt(params.size());
        for (ParamState p : params) {
            out.writeUTF(p.name());
            out.writeLong(p.steps());
            out.writeInt(p.slots().size());
            for (Map.Entry<String, float[]> e : p.slots().entrySet()) {
                out.writeUTF(e.getKey());
                float[] v = e.getValue();
                out.writeInt(v.length);
                for (float f : v) {
                    out.writeFloat(f);
                }
            }
        }
    }

    /** Reads a state written by {@link #write}; a foreign or damaged blob is an input error. */
    public static OptimizerState read(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw PymicException.input("optimizer state: not a pymic optimizer state blob");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw PymicException.input("optimizer state: unsupported version " + version + ", expected " + VERSION);
        }
        String name = in.readUTF();
        int n = in.readInt();
        List<ParamState> params = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String pname = in.readUTF();
            long steps = in.readLong();
            int slots = in.readInt();
            Map<String, float[]> m = new LinkedHashMap<>();
            for (int s = 0; s < slots; s++) {
                String key = in.readUTF();
                float[] v = new float[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                m.put(key, v);
            }
            params.add(new ParamState(pname, steps, m));
        }
        return new OptimizerState(name, params);
    }

    public byte[] toBytes() {
        return StateBlobs.toBytes(this::write);
    }

    public static OptimizerState fromBytes(byte[] bytes) {
        return StateBlobs.fromBytes(bytes, OptimizerState::read, "optimizer state");
    }
}
