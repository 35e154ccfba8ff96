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
 * step, while a checkpoint is being written, while validation runs), resumed from its latest checkpoint
 * each time, until the run completes. The final weights, the optimiser state and the metrics file (but
 * the timing columns) must equal those of one uninterrupted run, and the checkpoint folder must hold the
 * same files, none half-written or orphaned.
 *
 * <p>The moments are drawn before the run, kill {@code k} (from 0) inside the {@code k}-th interval of
 * {@link #INTERVAL} iterations (validation and a checkpoint close each interval), the kinds in turn: after
 * a random step of the interval and up to 200 ms into the next; while the interval's checkpoint is being
 * written; while the interval's validation runs. So the run killed at kill {@code k} resumed from the
 * checkpoint of interval {@code k - 1} or {@code k - 2}, the resumes move through the whole run, and it
 * has {@code INTERVAL * (points + 2)} iterations (at least 24), enough that it cannot end before the last
 * kill.
 *
 * <p>CI kills the run at 3 moments (one of each kind); {@code -Dpymic.killPoints=N} kills it at N
 * (the benchmark suite uses 24: {@code bench/kill_anywhere.sh}), {@code -Dpymic.killSeed=S} draws other
 * random steps. Both runs compute on one thread so that the float rounding of a step does not depend on
 * how the engine splits its work.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class KillAnywhereTest {
    /** Validation runs, and a checkpoint is written after it, every {@value} iterations. */
    private static final int INTERVAL = 4;

    static int iterMax(int points) {
        return Math.max(24, INTERVAL * (points + 2));
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
            Object before = fileKey(killed.resolve("killed_metrics.csv"));
            String name = "run" + runs;
            Process r = start(cfg, resume, name);
            if (kills >= points) {
                finish(r, name);
                break;
            }
            Moment m = Moment.values()[kills % Moment.values().length];
            String where = killAt(r, m, kills, killed, random, before);
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
                """.formatted(data, iterMax, work.resolve(name), INTERVAL, INTERVAL));
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
     * Waits for the moment of kill {@code k} and kills the process with SIGKILL; returns what the run had
     * done then, or null when it ended first. {@code before} is the identity of the metrics file before the
     * run started: until the run has rewritten it (at its first row), the file holds the rows of the run
     * killed before, which say nothing about this one.
     */
    private String killAt(Process p, Moment m, int k, Path ckptDir, Random random, Object before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        String prefix = ckptDir.getFileName().toString();
        Path metrics = ckptDir.resolve(prefix + "_metrics.csv");
        int end = INTERVAL * (k + 1); // the interval's validation and checkpoint iteration
        // a random step of the interval (iter_log = 1: one train row a step), then up to 200 ms
        int step = INTERVAL * k + 1 + random.nextInt(INTERVAL);
        long extraMs = random.nextInt(200);
        while (System.nanoTime() < deadline && p.isAlive()) {
            boolean now = switch (m) {
                case RANDOM -> rewritten(metrics, before) && trainRows(metrics) >= step;
                // the interval's checkpoint, or a later one should the poll have missed its short write
                case CHECKPOINT_WRITE -> writingCheckpoint(ckptDir, prefix, end);
                // the step of the validation iteration has logged its row, its validation row is not there yet
                case VALIDATION -> rewritten(metrics, before) && lastRowIsTrainOfValidationIteration(metrics, end);
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

    /** Whether the temporary file of a checkpoint of iteration {@code >= from} is in the folder. */
    private static boolean writingCheckpoint(Path dir, String prefix, int from) {
        String start = "." + prefix + "_";
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith(start) && n.endsWith(".tmp") && n.contains(Checkpoint.EXTENSION + "."))
                    .anyMatch(n -> {
                        String it = n.substring(start.length(), n.indexOf(Checkpoint.EXTENSION + "."));
                        return it.chars().allMatch(Character::isDigit) && !it.isEmpty() && Integer.parseInt(it) >= from;
                    });
        } catch (IOException e) {
            return false;
        }
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

    private static boolean lastRowIsTrainOfValidationIteration(Path metrics, int from) {
        List<String> r = rows(metrics);
        if (r.size() < 2) {
            return false;
        }
        String[] last = r.get(r.size() - 1).split(",");
        if (last.length <= 2 || !last[1].equals("train")) {
            return false;
        }
        int it = Integer.parseInt(last[0]);
        return it >= from && it % INTERVAL == 0;
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
        List<String> args = new ArrayList<>(List.of("train", cfg.toString()));
        args.addAll(extra);
        ProcessBuilder b = CliRun.child(work, name, List.of(),
                List.of("-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"), args);
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
