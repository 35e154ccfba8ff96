package org.pymic.train.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.train.Checkpoint;

/**
 * The seed corpora of pymic-train's fuzz tests ({@code src/test/resources/<package>/<Class>Inputs/<method>/}):
 * {@code seed-*} checkpoints written here by {@link Checkpoint#save} from a tiny network (conv + batch
 * norm) with a state blob, and archives that are zips but not checkpoints; for the {@code params} target
 * the tiny network's parameter block and {@code bound-*} blocks whose counts the bytes cannot back;
 * {@code crash-*} files are
 * inputs a fuzz run found, kept as regressions. Zip entries carry the time of writing, so this test
 * compares the committed seeds entry by entry (names and bytes); {@code -Dpymic.regenerateFuzzSeeds=true}
 * writes them.
 */
class FuzzSeedsTest {
    static final Path RESOURCES = Path.of("src", "test", "resources");
    static final int MAX_SEED_BYTES = 50 * 1024;

    @TempDir
    Path tmp;

    @Test
    void committedSeedsAreTheGeneratedOnes() throws Exception {
        boolean write = Boolean.getBoolean("pymic.regenerateFuzzSeeds");
        for (Map.Entry<String, byte[]> e : seeds().entrySet()) {
            Path p = RESOURCES.resolve(e.getKey());
            assertThat(e.getValue().length).as(e.getKey()).isLessThan(MAX_SEED_BYTES);
            if (write) {
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue());
            }
            assertThat(p).as("seed " + p + " (regenerate with -Dpymic.regenerateFuzzSeeds=true)").exists();
            if (p.toString().endsWith(".ckpt")) {
                assertThat(entries(Files.readAllBytes(p))).as(e.getKey()).isEqualTo(entries(e.getValue()));
            } else {
                assertThat(Files.readAllBytes(p)).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    private Map<String, byte[]> seeds() throws Exception {
        Map<String, byte[]> s = new LinkedHashMap<>();
        String dir = "org/pymic/train/CheckpointFuzzTestInputs/";
        byte[] ckpt;
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).build())
                    .add(BatchNorm.builder().build());
            net.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1, 2, 2));
            for (var param : net.getParameters()) { // fixed values instead of the random initialisation
                ai.djl.ndarray.NDArray a = param.getValue().getArray();
                float[] v = new float[(int) a.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = 0.25f * (i + 1);
                }
                a.set(v);
            }
            Path p = tmp.resolve("tiny.ckpt");
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("iteration", 7);
            meta.put("valid_pred", 0.5);
            meta.put("config", Map.of("training", Map.of("iter_max", 10)));
            Checkpoint.save(p, Map.<String, Block>of("net", net), Map.of("optimizer_net", new byte[] {1, 2, 3}), meta);
            ckpt = Files.readAllBytes(p);
        }
        for (String target : new String[] {"checkpoint", "meta"}) {
            s.put(dir + target + "/seed-tiny.ckpt", ckpt);
            s.put(dir + target + "/seed-no_meta.ckpt", zip(Map.of("state/x.bin", new byte[] {1})));
            s.put(dir + target + "/seed-meta_only.ckpt", zip(Map.of("meta.json", "{\"iteration\": 3}"
                    .getBytes(StandardCharsets.UTF_8))));
        }
        byte[] params = unzip(ckpt).get("params/net.bin");
        s.put(dir + "params/seed-tiny_net.bin", params);
        // a parameter block declaring 2^31 - 1 values (8 GB of floats) in a few bytes
        ByteBuffer huge = ByteBuffer.allocate(4 + 4 + 3 + 4 + 8 + 4).putInt(0x504D4350).putInt(1);
        huge.putShort((short) 1).put((byte) 'w').putInt(1).putLong(Integer.MAX_VALUE).putInt(Integer.MAX_VALUE);
        s.put(dir + "params/bound-declares_8gb.bin", huge.array());
        ByteBuffer negative = ByteBuffer.allocate(4 + 4 + 3 + 4).putInt(0x504D4350).putInt(1);
        negative.putShort((short) 1).put((byte) 'w').putInt(-1);
        s.put(dir + "params/bound-negative_rank.bin", negative.array());
        ByteBuffer mismatch = ByteBuffer.allocate(4 + 4 + 3 + 4 + 8 + 4 + 8).putInt(0x504D4350).putInt(1);
        mismatch.putShort((short) 1).put((byte) 'w').putInt(1).putLong(3).putInt(2).putFloat(1).putFloat(2);
        s.put(dir + "params/bound-shape_not_count.bin", mismatch.array());
        return s;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(0);
                z.putNextEntry(entry);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    /** A zip's entries as name to hex of the bytes, for comparing archives regardless of entry times. */
    private static Map<String, String> entries(byte[] zip) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), java.util.HexFormat.of().formatHex(in.readAllBytes()));
            }
        }
        return out;
    }
}
