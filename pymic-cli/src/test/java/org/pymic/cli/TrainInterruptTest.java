package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.io.synth.SyntheticDataset;

/**
 * {@code pymic train} in a child JVM, stopped by SIGINT, resumed with the command it prints, stopped by
 * SIGTERM, resumed and stopped by two SIGINTs in a row: each stop exits with 130 and one line naming the
 * iteration and the resume command, leaves no JVM crash report and no temporary file, and the metrics
 * file has exactly one training row per iteration across the runs.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class TrainInterruptTest {
    private static final Pattern LINE = Pattern.compile(
            "pymic: interrupted at iteration (\\d+) of 100000; checkpoint (\\S+); resume with: pymic (.*)");

    @TempDir
    Path work;

    @Test
    void signalsStopAtAStepBoundaryAndTheRunResumes() throws Exception {
        Path data = work.resolve("data");
        SyntheticDataset.write(data, SyntheticDataset.Options.defaults().cases(6).size(32).dim(2).seed(5));
        Path cfg = work.resolve("tiny.cfg");
        Files.writeString(cfg, """
                [dataset]
                train_dir = %s
                train_csv = %s
                train_batch_size = 2
                num_worker = 1
                cache_mb = 64
                train_transform = [NormalizeWithMeanStd, LabelToProbability]

                [network]
                net_type = UNet2D
                class_num = 4
                in_chns = 1
                feature_chns = [4, 8, 16, 32, 64]
                dropout = [0, 0, 0, 0, 0]

                [training]
                loss_type = DiceLoss
                optimizer = Adam
                learning_rate = 0.001
                iter_max = 100000
                iter_valid = 100000
                iter_log = 1
                ckpt_dir = %s
                """.formatted(data, data.resolve("train.csv"), work.resolve("ckpt")));
        Path metrics = work.resolve("ckpt").resolve("ckpt_metrics.csv");

        Process a = start(List.of("train", cfg.toString()), "a");
        waitForRows(a, "a", metrics, 2);
        signal(a, "INT");
        Matcher first = stopped(a, "a");
        int stopA = Integer.parseInt(first.group(1));
        assertThat(stopA).isGreaterThanOrEqualTo(2);
        assertThat(Path.of(first.group(2))).exists();

        Process b = start(args(first), "b");
        waitForRows(b, "b", metrics, stopA + 3);
        b.destroy(); // SIGTERM
        Matcher second = stopped(b, "b");
        int stopB = Integer.parseInt(second.group(1));
        assertThat(stopB).isGreaterThan(stopA);

        Process c = start(args(second), "c");
        waitForRows(c, "c", metrics, stopB + 1);
        signal(c, "INT");
        signal(c, "INT");
        int stopC = Integer.parseInt(stopped(c, "c").group(1));
        assertThat(stopC).isGreaterThan(stopB);

        List<Integer> trainRows = Files.readAllLines(metrics).stream().skip(1)
                .filter(r -> r.split(",")[1].equals("train")).map(r -> Integer.parseInt(r.split(",")[0])).toList();
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= stopC; i++) {
            expected.add(i);
        }
        assertThat(trainRows).containsExactlyElementsOf(expected);
    }

    private static final boolean DEFAULT_SIGINT = envResetsSignals();

    private static boolean envResetsSignals() {
        try {
            return new ProcessBuilder("/usr/bin/env", "--default-signal=INT", "true").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private Process start(List<String> args, String name) throws IOException {
        // A shell without job control starts background commands with SIGINT ignored, and a JVM leaves an
        // ignored SIGINT ignored; restore the default so the child sees the signal however the build runs.
        List<String> prefix = DEFAULT_SIGINT ? List.of("/usr/bin/env", "--default-signal=INT") : List.of();
        return CliRun.child(work, name, prefix, List.of(), args).start();
    }

    /** The arguments of the resume command the line prints (the test's paths need no quoting). */
    private static List<String> args(Matcher line) {
        return Arrays.asList(line.group(3).split(" "));
    }

    private static void signal(Process p, String sig) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private void waitForRows(Process p, String name, Path metrics, int rows) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("training ended with " + p.exitValue() + ": "
                        + Files.readString(work.resolve(name + ".err")));
            }
            if (Files.isRegularFile(metrics)) {
                List<String> lines = Files.readAllLines(metrics);
                if (!lines.isEmpty() && lastIteration(lines) >= rows) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        p.destroyForcibly();
        throw new AssertionError("no metrics row of iteration " + rows + " in time");
    }

    private static int lastIteration(List<String> lines) {
        String last = lines.get(lines.size() - 1);
        try {
            return Integer.parseInt(last.substring(0, Math.max(0, last.indexOf(','))));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The child's threads as {@code jcmd Thread.print} shows them, to say where a stop hangs. */
    private static String threadDump(Process p) {
        try {
            Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(p.pid()), "Thread.print").redirectErrorStream(true).start();
            String out = new String(j.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            j.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** Waits for the exit and checks code, the one line, and that nothing crashed or was left half-written. */
    private Matcher stopped(Process p, String name) throws Exception {
        // one step and one checkpoint at most; generous, since a loaded CI machine may run a step slowly
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            String threads = threadDump(p);
            p.destroyForcibly();
            throw new AssertionError("training did not stop after the signal; stderr:\n"
                    + Files.readString(work.resolve(name + ".err")) + "\nthreads:\n" + threads);
        }
        List<String> err = Files.readAllLines(work.resolve(name + ".err"));
        assertThat(p.exitValue()).as("exit code; stderr %s", err).isEqualTo(130);
        List<String> ours = err.stream().filter(l -> l.startsWith("pymic: ")).toList();
        assertThat(ours).as("stderr %s", err).hasSize(1);
        Matcher m = LINE.matcher(ours.get(0));
        assertThat(m.matches()).as(ours.get(0)).isTrue();
        try (Stream<Path> files = Files.walk(work)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .noneMatch(f -> f.startsWith("hs_err_pid") || f.endsWith(".tmp"));
        }
        return m;
    }
}
