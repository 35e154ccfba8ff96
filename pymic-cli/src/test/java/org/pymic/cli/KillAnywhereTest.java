package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.io.synth.SyntheticDataset;
import org.pymic.train.Checkpoint;

/**
 * Kill anywhere: {@code pymic train} in a child JVM is killed with SIGKILL at chosen moments (at a random
 * time, while a checkpoint is being written, while validation runs), resumed from its latest checkpoint
 * each time, until the run completes. The final weights, the optimiser state and the metrics file (but
 * the timing columns) must equal those of one uninterrupted run, and the checkpoint folder must hold the
 * same files, none half-written or orphaned.
 *
 * <p>CI kills the run at 3 moments (one of each kind); {@code -Dpymic.killPoints=N} kills it at N
 * (the benchmark suite uses 24: {@code bench/kill_anywhere.sh}), {@code -Dpymic.killSeed=S} draws other
 * moments. Both runs compute on one thread so that the float rounding of a step does not depend on how
 * the engine splits its work.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class KillAnywhereTest {
    /** Checkpoints are saved every {@value} iterations. */
    private static final int ITER_SAVE = 4;
    /** Validation runs every {@value} iterations. */
    private static final int ITER_VALID = 6;

    /**
     * Iterations of the run: a kill moves the latest checkpoint on by at most {@link #ITER_SAVE}
     * iterations (the run is resumed from there), so with more than {@code ITER_SAVE * points} iterations
     * the run cannot complete before the last kill; rounded up to a multiple of the save and validation
     * intervals, as the 24 of three kills is.
     */
    static int iterMax(int points) {
        int step = ITER_SAVE * ITER_VALID / gcd(ITER_SAVE, ITER_VALID);
        int needed = Math.max(24, ITER_SAVE * (points + 2));
        return (needed + step - 1) / step * step;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private int iterMax;

    @TempDir
    Path work;

    private enum Moment { RANDOM, CHECKPOINT_WRITE, VALIDATION }

    @Test
    void killedAnywhereTheResumedRunEqualsAnUninterruptedOne() throws Exception {
        int points = Integer.getInteger("pymic.killPoints", 3);
        Random random = new Random(Long.getLong("pymic.killSeed", 11L));
        iterMax = iterMax(points);
        Path data = work.resolve("data");
        SyntheticDataset.write(data, SyntheticDataset.Options.defaults().cases(8).size(32).dim(2).seed(3));

        Path straight = work.resolve("straight");
        Process p = start(config("straight", data), List.of(), "straight");
        finish(p, "straight");

        Path killed = work.resolve("killed");
        Path cfg = config("killed", data);
        List<String> log = new ArrayList<>();
        int runs = 0;
        int kills = 0;
        while (true) {
            assertThat(runs++).as("runs; kills so far %s", log).isLessThan(points * 3 + 10);
            List<String> resume = resumeArgs(killed);
            int from = resume.isEmpty() ? 0 : Checkpoint.readPointer(killed, "killed", "latest");
            Object before = fileKey(killed.resolve("killed_metrics.csv"));
            String name = "run" + runs;
            Process r = start(cfg, resume, name);
            if (kills >= points) {
                finish(r, name);
                break;
            }
            Moment m = Moment.values()[kills % Moment.values().length];
            String where = killAt(r, m, killed, random, from, before);
            if (where == null) {
                // the run ended before the moment came: it must have completed
                assertThat(r.exitValue()).as("exit; stderr %s", Files.readString(work.resolve(name + ".err")))
                        .isZero();
                break;
            }
            log.add(m + " " + where + " (resumed from " + (resume.isEmpty() ? "scratch" : resume.get(resume.size() - 3)) + ")");
            kills++;
        }
        assertThat(kills).as("kills %s", log).isEqualTo(points);
        System.out.println("KillAnywhereTest: " + kills + " kills in " + runs + " runs of " + iterMax + " iterations");
        log.forEach(l -> System.out.println("  " + l));

        Checkpoint a = Checkpoint.read(Checkpoint.path(straight, "straight", iterMax));
        Checkpoint b = Checkpoint.read(Checkpoint.path(killed, "killed", iterMax));
        assertThat(b.iteration()).isEqualTo(iterMax);
        assertThat(b.networkNames()).isEqualTo(a.networkNames());
        for (String net : a.networkNames()) {
            Map<String, Checkpoint.Tensor> pa = a.parameters(net);
            Map<String, Checkpoint.Tensor> pb = b.parameters(net);
            assertThat(pb.keySet()).isEqualTo(pa.keySet());
            pa.forEach((k, t) -> {
                assertThat(pb.get(k).shape()).as("%s.%s", net, k).isEqualTo(t.shape());
                assertThat(pb.get(k).data()).as("%s.%s after %s", net, k, log).isEqualTo(t.data());
            });
        }
        assertThat(b.state("optimizer_net")).as("optimizer state after %s", log).isEqualTo(a.state("optimizer_net"));
        assertThat(withoutTiming(killed.resolve("killed_metrics.csv")))
                .as("metrics after %s", log).isEqualTo(withoutTiming(straight.resolve("straight_metrics.csv")));
        assertThat(filesIn(killed)).as("files after %s", log).isEqualTo(filesIn(straight).stream()
                .map(f -> f.replace("straight", "killed")).collect(Collectors.toCollection(TreeSet::new)));
        try (Stream<Path> files = Files.walk(work)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.startsWith("hs_err_pid"));
        }
    }

    private Path config(String name, Path data) throws IOException {
        Path cfg = work.resolve(name + ".cfg");
        Files.writeString(cfg, """
                [dataset]
                train_dir = %1$s
                train_csv = %1$s/train.csv
                valid_csv = %1$s/valid.csv
                train_batch_size = 2
                num_worker = 1
                cache_mb = 64
                train_transform = [NormalizeWithMeanStd, RandomFlip, LabelToProbability]
                valid_transform = [NormalizeWithMeanStd, LabelToProbability]
                RandomFlip_flip_depth = False
                RandomFlip_flip_height = True
                RandomFlip_flip_width = True

                [network]
                net_type = UNet2D
                class_num = 4
                in_chns = 1
                feature_chns = [4, 8, 16, 32, 64]
                dropout = [0, 0, 0.2, 0.3, 0.4]

                [training]
                loss_type = [DiceLoss, CrossEntropyLoss]
                loss_weight = [0.5, 0.5]
                optimizer = Adam
                learning_rate = 0.001
                lr_scheduler = StepLR
                lr_gamma = 0.5
                lr_step = 8
                iter_max = %2$d
                iter_valid = %4$d
                iter_save = %5$d
                iter_log = 1
                random_seed = 7
                ckpt_dir = %3$s
                """.formatted(data, iterMax, work.resolve(name), ITER_VALID, ITER_SAVE));
        return cfg;
    }

    /** The overrides that resume from the folder's latest checkpoint; none when there is none yet. */
    private static List<String> resumeArgs(Path ckptDir) throws IOException {
        Path latest = ckptDir.resolve(ckptDir.getFileName() + "_latest.txt");
        if (!Files.isRegularFile(latest)) {
            return List.of();
        }
        int it = Integer.parseInt(Files.readString(latest).trim());
        Path ckpt = Checkpoint.path(ckptDir, ckptDir.getFileName().toString(), it);
        assertThat(ckpt).as("the checkpoint %s names", latest).exists();
        return List.of("--set", "training.ckpt_init_name=" + ckpt, "--set", "training.ckpt_init_mode=1");
    }

    /**
     * Waits for the moment and kills the process with SIGKILL; returns what the run had done then, or
     * null when it ended first. {@code from} is the iteration the run resumes from; {@code before} the
     * identity of the metrics file before the run started: until the run has rewritten it (at its first
     * row), the file holds the rows of the run killed before, which say nothing about this one.
     */
    private String killAt(Process p, Moment m, Path ckptDir, Random random, int from, Object before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        Path metrics = ckptDir.resolve(ckptDir.getFileName() + "_metrics.csv");
        // a random moment: after 1 to 4 steps of this run (iter_log = 1: one train row a step) and up to
        // 200 ms into the next
        int rows = from + 1 + random.nextInt(4);
        long extraMs = random.nextInt(200);
        while (System.nanoTime() < deadline && p.isAlive()) {
            boolean now = switch (m) {
                case RANDOM -> rewritten(metrics, before) && trainRows(metrics) >= rows;
                case CHECKPOINT_WRITE -> hasTemp(ckptDir);
                // the step of a validation iteration has logged its row, its validation row is not there yet
                case VALIDATION -> rewritten(metrics, before) && lastRowIsTrainOfValidationIteration(metrics, from);
            };
            if (now) {
                if (m == Moment.RANDOM) {
                    Thread.sleep(extraMs);
                }
                String where = "after iteration " + lastIteration(metrics) + (hasTemp(ckptDir) ? ", writing" : "");
                p.destroyForcibly(); // SIGKILL
                p.waitFor(60, TimeUnit.SECONDS);
                return where;
            }
            Thread.onSpinWait();
        }
        if (p.isAlive()) {
            p.destroyForcibly();
            throw new AssertionError("no " + m + " moment in time");
        }
        return null;
    }

    /** The file's identity (inode), or null when it does not exist. */
    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the file exists and is another file than {@code before} (rewritten by moving into place). */
    private static boolean rewritten(Path file, Object before) {
        Object now = fileKey(file);
        return now != null && !now.equals(before);
    }

    private static boolean hasTemp(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp"));
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> rows(Path metrics) {
        try {
            return Files.isRegularFile(metrics) ? Files.readAllLines(metrics) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int trainRows(Path metrics) {
        return (int) rows(metrics).stream().filter(r -> r.contains(",train,")).count();
    }

    private static int lastIteration(Path metrics) {
        List<String> r = rows(metrics);
        return r.size() < 2 ? 0 : Integer.parseInt(r.get(r.size() - 1).split(",")[0]);
    }

    private static boolean lastRowIsTrainOfValidationIteration(Path metrics, int startRows) {
        List<String> r = rows(metrics);
        if (r.size() < 2 || trainRows(metrics) <= startRows) {
            return false;
        }
        String[] last = r.get(r.size() - 1).split(",");
        return last.length > 2 && last[1].equals("train") && Integer.parseInt(last[0]) % ITER_VALID == 0;
    }

    /** The metrics file without its timing columns ({@code *_ms}), which differ between runs. */
    private static List<String> withoutTiming(Path metrics) throws IOException {
        List<String> lines = Files.readAllLines(metrics);
        String[] header = lines.get(0).split(",", -1);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            assertThat(cells).as("row %s", line).hasSameSizeAs(header);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < header.length; i++) {
                if (!header[i].endsWith("_ms")) {
                    b.append(cells[i]).append(',');
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    private static TreeSet<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> !f.endsWith(".log"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private Process start(Path cfg, List<String> extra, String name) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-cp", cp, "org.pymic.cli.Main", "train", cfg.toString()));
        cmd.addAll(extra);
        ProcessBuilder b = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(work.resolve(name + ".out").toFile())
                .redirectError(work.resolve(name + ".err").toFile());
        b.environment().put("OMP_NUM_THREADS", "1");
        b.environment().put("MKL_NUM_THREADS", "1");
        return b.start();
    }

    private void finish(Process p, String name) throws Exception {
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish in time");
        }
        assertThat(p.exitValue()).as("%s exit; stderr %s", name, Files.readString(work.resolve(name + ".err")))
                .isZero();
    }
}
