package org.pymic.train;

import org.pymic.io.image.AtomicFiles;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * A training checkpoint: one zip file {@code <ckpt_prefix>_<iteration>.ckpt} (PyMIC writes
 * {@code .pt}) holding
 * <ul>
 *   <li>{@code meta.json}: iteration, validation score ({@code valid_pred}), seed, the full config as a
 *       map, pymic/DJL/PyTorch versions, SHA-256 of each case list, and free extras;</li>
 *   <li>{@code params/<network>.bin}: every parameter of each network by its DJL name (float32, shape);</li>
 *   <li>{@code state/<key>.bin}: opaque state blobs (optimiser moments, schedule counters).</li>
 * </ul>
 * Parameters are matched by name and shape when loading, so a checkpoint can initialise a network whose
 * head differs (PyMIC's {@code ckpt_init_mode = 0} loads the matching tensors only). Files are written
 * atomically, and never with a non-finite parameter value. Next to checkpoints, {@code <prefix>_latest.txt} and {@code <prefix>_best.txt} hold the
 * iteration of the latest and best checkpoint, as in PyMIC.
 */
public final class Checkpoint {
    /** File name extension of checkpoints. */
    public static final String EXTENSION = ".ckpt";
    private static final int PARAM_MAGIC = 0x504D4350; // "PMCP"
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Map<String, Object> meta;
    private final Map<String, Map<String, Tensor>> params;
    private final Map<String, byte[]> states;

    /** A parameter as stored: shape and float32 values. */
    public record Tensor(long[] shape, float[] data) {
    }

    private Checkpoint(Path file, Map<String, Object> meta, Map<String, Map<String, Tensor>> params,
                       Map<String, byte[]> states) {
        this.file = file;
        this.meta = meta;
        this.params = params;
        this.states = states;
    }

    /** {@code <dir>/<prefix>_<iteration>.ckpt}. */
    public static Path path(Path dir, String prefix, int iteration) {
        return dir.resolve(prefix + "_" + iteration + EXTENSION);
    }

    /**
     * Writes a checkpoint atomically.
     *
     * @param networks network name to block (parameters are read now)
     * @param states opaque state blobs by key
     * @param meta metadata; versions are added
     */
    public static void save(Path file, Map<String, Block> networks, Map<String, byte[]> states, Map<String, Object> meta) {
        Map<String, Object> m = new LinkedHashMap<>(meta);
        m.putIfAbsent("pymic_version", versionOf(Checkpoint.class));
        m.putIfAbsent("djl_version", Engine.getDjlVersion());
        m.putIfAbsent("pytorch_version", Engine.getInstance().getVersion());
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        for (Map.Entry<String, Block> e : networks.entrySet()) {
            blobs.put("params/" + e.getKey() + ".bin", encodeParams(file, e.getKey(), e.getValue()));
        }
        states.forEach((k, v) -> blobs.put("state/" + k + ".bin", v));
        AtomicFiles.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("meta.json"));
                zip.write(JSON.writeValueAsBytes(m));
                zip.closeEntry();
                for (Map.Entry<String, byte[]> b : blobs.entrySet()) {
                    zip.putNextEntry(new ZipEntry(b.getKey()));
                    zip.write(b.getValue());
                    zip.closeEntry();
                }
            }
        });
    }

    /**
     * The metadata of a checkpoint ({@code meta.json}) without reading its parameters; a missing or corrupt
     * file is an input error naming the file.
     */
    public static Map<String, Object> readMeta(Path file) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry("meta.json");
            if (e == null) {
                throw new PymicException(ExitCode.INPUT, file + ": not a pymic checkpoint (no meta.json)");
            }
            try (InputStream in = zip.getInputStream(e)) {
                return JSON.readValue(in, new TypeReference<LinkedHashMap<String, Object>>() { });
            }
        } catch (NoSuchFileException e) {
            throw new PymicException(ExitCode.INPUT, file + ": checkpoint not found");
        } catch (IOException e) {
            throw new PymicException(ExitCode.INPUT, file + ": not a pymic checkpoint (" + e.getMessage() + ")", e);
        }
    }

    /** Reads a checkpoint; a missing or corrupt file is an input error naming the file. */
    public static Checkpoint read(Path file) {
        Map<String, Object> meta = null;
        Map<String, Map<String, Tensor>> params = new LinkedHashMap<>();
        Map<String, byte[]> states = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                byte[] bytes = zip.readAllBytes();
                String n = e.getName();
                if (n.equals("meta.json")) {
                    meta = JSON.readValue(bytes, new TypeReference<LinkedHashMap<String, Object>>() { });
                } else if (n.startsWith("params/") && n.endsWith(".bin")) {
                    params.put(n.substring(7, n.length() - 4), decodeParams(bytes, file));
                } else if (n.startsWith("state/") && n.endsWith(".bin")) {
                    states.put(n.substring(6, n.length() - 4), bytes);
                }
            }
        } catch (NoSuchFileException e) {
            throw new PymicException(ExitCode.INPUT, file + ": checkpoint not found");
        } catch (IOException e) {
            throw new PymicException(ExitCode.INPUT, file + ": not a pymic checkpoint (" + e.getMessage() + ")", e);
        }
        if (meta == null) {
            throw new PymicException(ExitCode.INPUT, file + ": not a pymic checkpoint (no meta.json)");
        }
        return new Checkpoint(file, meta, params, states);
    }

    public Path file() {
        return file;
    }

    public Map<String, Object> meta() {
        return meta;
    }

    /** The iteration the checkpoint was written at. */
    public int iteration() {
        Object v = meta.get("iteration");
        return v instanceof Number n ? n.intValue() : 0;
    }

    /** The validation score (mean foreground Dice) at that iteration. */
    public double validScore() {
        Object v = meta.get("valid_pred");
        return v instanceof Number n ? n.doubleValue() : 0.0;
    }

    public List<String> networkNames() {
        return new ArrayList<>(params.keySet());
    }

    public Map<String, Tensor> parameters(String network) {
        Map<String, Tensor> p = params.get(network);
        if (p == null) {
            throw new PymicException(ExitCode.DATA, file + ": holds no network '" + network + "' (has "
                    + params.keySet() + ")");
        }
        return p;
    }

    /** The keys of the state blobs (optimisers, schedules, method state). */
    public List<String> stateKeys() {
        return new ArrayList<>(states.keySet());
    }

    /** The state blob under {@code key}, or null. */
    public byte[] state(String key) {
        return states.get(key);
    }

    /**
     * Copies stored parameters into {@code block}'s arrays in place (optimisers keep their references).
     *
     * @param strict when true every parameter of the block must be present with the same shape;
     *     otherwise only matching ones are loaded (PyMIC's partial initialisation)
     * @return names of the loaded parameters
     */
    public List<String> loadInto(String network, Block block, boolean strict) {
        Map<String, Tensor> stored = parameters(network);
        List<String> loaded = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Tensor t = stored.get(p.getKey());
            NDArray arr = p.getValue().getArray();
            boolean match = t != null && Arrays.equals(t.shape(), arr.getShape().getShape());
            if (!match) {
                if (strict) {
                    throw new PymicException(ExitCode.DATA, file + ": network '" + network + "' parameter '"
                            + p.getKey() + "' " + (t == null ? "is missing" : "has shape " + new Shape(t.shape())
                            + ", the network expects " + arr.getShape()));
                }
                continue;
            }
            if (arr.getDataType() == DataType.FLOAT32) {
                arr.set(t.data());
            } else {
                try (NDArray f = arr.getManager().create(t.data(), arr.getShape())) {
                    arr.set(f.toType(arr.getDataType(), false).toByteBuffer());
                }
            }
            loaded.add(p.getKey());
        }
        return loaded;
    }

    /** The parameters of a network as stored; refuses non-finite values, so no checkpoint holds NaN weights. */
    private static byte[] encodeParams(Path file, String network, Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            var list = block.getParameters();
            out.writeInt(PARAM_MAGIC);
            out.writeInt(list.size());
            for (Pair<String, Parameter> p : list) {
                NDArray a = p.getValue().getArray();
                out.writeUTF(p.getKey());
                long[] shape = a.getShape().getShape();
                out.writeInt(shape.length);
                for (long s : shape) {
                    out.writeLong(s);
                }
                float[] v = a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : a.toType(DataType.FLOAT32, true).toFloatArray();
                int bad = 0;
                for (float x : v) {
                    if (!Float.isFinite(x)) {
                        bad++;
                    }
                }
                if (bad > 0) {
                    throw new PymicException(ExitCode.DATA, file + ": not written: network '" + network + "' parameter '"
                            + p.getKey() + "' holds " + bad + " non-finite value(s) of " + v.length);
                }
                out.writeInt(v.length);
                var buf = java.nio.ByteBuffer.allocate(v.length * 4);
                buf.asFloatBuffer().put(v);
                out.write(buf.array());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static Map<String, Tensor> decodeParams(byte[] bytes, Path file) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        if (in.readInt() != PARAM_MAGIC) {
            throw new IOException("bad parameter block");
        }
        int n = in.readInt();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            // every count is checked against the bytes left before an array is made of it
            int rank = in.readInt();
            if (rank < 0 || rank > in.available() / 8) {
                throw new IOException("parameter '" + name + "' declares rank " + rank + " in a block of "
                        + bytes.length + " bytes");
            }
            long[] shape = new long[rank];
            long size = 1;
            for (int d = 0; d < shape.length; d++) {
                shape[d] = in.readLong();
                size = shape[d] < 0 || shape[d] > Integer.MAX_VALUE ? -1 : size < 0 ? -1 : size * shape[d];
                if (size > Integer.MAX_VALUE) {
                    size = -1;
                }
            }
            int count = in.readInt();
            if (count < 0 || count > in.available() / 4 || size != count) {
                throw new IOException("parameter '" + name + "' has shape " + Arrays.toString(shape) + " but "
                        + count + " values, in a block with " + in.available() + " bytes left");
            }
            float[] v = new float[count];
            byte[] raw = new byte[v.length * 4];
            in.readFully(raw);
            java.nio.ByteBuffer.wrap(raw).asFloatBuffer().get(v);
            out.put(name, new Tensor(shape, v));
        }
        return out;
    }

    /** Writes {@code <dir>/<prefix>_<which>.txt} (which = latest or best) holding the iteration. */
    public static void writePointer(Path dir, String prefix, String which, int iteration) {
        AtomicFiles.writeString(dir.resolve(prefix + "_" + which + ".txt"), Integer.toString(iteration));
    }

    /** The iteration in {@code <dir>/<prefix>_<which>.txt}. */
    public static int readPointer(Path dir, String prefix, String which) {
        Path p = dir.resolve(prefix + "_" + which + ".txt");
        try {
            return Integer.parseInt(Files.readString(p, StandardCharsets.UTF_8).trim());
        } catch (NoSuchFileException e) {
            throw new PymicException(ExitCode.INPUT, p + ": not found (no " + which + " checkpoint was written)");
        } catch (IOException | NumberFormatException e) {
            throw new PymicException(ExitCode.INPUT, p + ": expected an iteration number");
        }
    }

    /**
     * Resolves a checkpoint name as written in a config ({@code ckpt_init_name}, {@code ckpt_name}): as
     * is, relative to {@code dir}, or with PyMIC's {@code .pt} replaced by {@code .ckpt}; a name
     * {@code <prefix>_best.ckpt} or {@code <prefix>_latest.ckpt} that is not a file is the checkpoint
     * its pointer file ({@code <prefix>_best.txt}) names.
     */
    public static Path resolve(Path dir, String name) {
        List<Path> tries = new ArrayList<>();
        Path p = Path.of(name);
        tries.add(p);
        if (dir != null && !p.isAbsolute()) {
            tries.add(dir.resolve(name));
        }
        for (Path t : List.copyOf(tries)) {
            if (t.toString().endsWith(".pt")) {
                String s = t.toString();
                tries.add(Path.of(s.substring(0, s.length() - 3) + EXTENSION));
            }
        }
        for (Path t : tries) {
            if (Files.isRegularFile(t)) {
                return t;
            }
        }
        // <folder>/<prefix>_best.ckpt or _latest.ckpt: the checkpoint its pointer file names
        for (Path t : tries) {
            String file = t.getFileName().toString();
            for (String which : List.of("best", "latest")) {
                String suffix = "_" + which + EXTENSION;
                Path folder = t.toAbsolutePath().getParent();
                if (file.endsWith(suffix) && Files.isRegularFile(folder.resolve(
                        file.substring(0, file.length() - EXTENSION.length()) + ".txt"))) {
                    String prefix = file.substring(0, file.length() - suffix.length());
                    Path target = path(folder, prefix, readPointer(folder, prefix, which));
                    if (Files.isRegularFile(target)) {
                        return target;
                    }
                }
            }
        }
        throw new PymicException(ExitCode.INPUT, name + ": checkpoint not found (looked for " + tries
                + ", and for the best or latest pointer of a <prefix>_best.ckpt name)");
    }

    /** The jar's Implementation-Version, or "dev". */
    static String versionOf(Class<?> c) {
        String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
