package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.loss.CrossEntropyLoss;
import org.pymic.train.method.FullySupervised;

/**
 * One run at a time per checkpoint folder: a second run (another process, or another trainer in this
 * JVM) is refused naming the holder; the lock of a killed process does not block the next run.
 */
class CheckpointDirLockTest {
    @TempDir
    Path dir;

    /** Holds the lock of {@code args[0]} until killed (the child process of the tests). */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            CheckpointDirLock lock = CheckpointDirLock.acquire(Path.of(args[0]));
            System.out.println("locked " + ProcessHandle.current().pid());
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            lock.close();
        }
    }

    @Test
    void anotherProcessIsRefusedWhileItLivesAndItsLockIsFreeOnceKilled() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", cp, Holder.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("child output").isEqualTo("locked " + child.pid());
            assertThatThrownBy(() -> CheckpointDirLock.acquire(dir))
                    .isInstanceOfSatisfying(PymicException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.OUTPUT))
                    .hasMessageStartingWith(dir.toString())
                    .hasMessageContaining("another pymic run")
                    .hasMessageContaining("pid " + child.pid() + " on ");
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no release by the child
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(dir.resolve(CheckpointDirLock.NAME)).exists(); // the stale lock file is still there
        try (CheckpointDirLock lock = CheckpointDirLock.acquire(dir)) {
            assertThat(Files.readString(lock.file())).startsWith("pid " + ProcessHandle.current().pid() + " on ");
        }
    }

    @Test
    void aReleasedLockCanBeTakenAgainAndOneInThisJvmRefuses() {
        CheckpointDirLock first = CheckpointDirLock.acquire(dir);
        assertThatThrownBy(() -> CheckpointDirLock.acquire(dir)).isInstanceOf(PymicException.class)
                .hasMessageContaining("pid " + ProcessHandle.current().pid());
        first.close();
        CheckpointDirLock.acquire(dir).close();
    }

    /** A second trainer into the folder of a running one is refused before it writes anything there. */
    @Test
    void aSecondTrainingRunIntoTheSameFolderIsRefused() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch tried = new CountDownLatch(1);
        AtomicReference<Throwable> firstFailed = new AtomicReference<>();
        Thread first = new Thread(() -> {
            try (SegmentationTrainer t = trainer(TinyProblem.config(dir, 3, 3))) {
                t.setStepListener(it -> {
                    if (it == 1) {
                        running.countDown();
                        try {
                            tried.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
                t.train();
            } catch (Throwable e) {
                firstFailed.set(e);
                running.countDown();
            }
        });
        first.start();
        assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();
        List<Path> before;
        try (var files = Files.list(dir)) {
            before = files.sorted().toList();
        }
        try (SegmentationTrainer second = trainer(TinyProblem.config(dir, 3, 3))) {
            assertThatThrownBy(second::train).isInstanceOf(PymicException.class)
                    .hasMessageContaining("another pymic run is writing checkpoints into this folder");
        } finally {
            tried.countDown();
        }
        first.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(firstFailed.get()).isNull();
        assertThat(before).doesNotContain(Checkpoint.path(dir, "tiny", 3));
        assertThat(Checkpoint.read(Checkpoint.path(dir, "tiny", 3)).iteration()).isEqualTo(3);
        // the first run is over: the folder is free again
        try (SegmentationTrainer third = trainer(TinyProblem.config(dir, 1, 1))) {
            assertThat(third.train().lastIteration()).isEqualTo(1);
        }
    }

    private static SegmentationTrainer trainer(org.pymic.core.config.Config cfg) {
        return SegmentationTrainer.builder(cfg)
                .setMethod(new FullySupervised(), null)
                .setNetworkFactory(TinyProblem.tinyNetworks(1))
                .setLoss(new CrossEntropyLoss())
                .setOptimizerFactory((name, net) -> TinyProblem.adam(net, 0.01))
                .setLabelled(TinyProblem.discs(3, 2, true, new int[1]))
                .optValidation(TinyProblem.validation(99, 1))
                .optProgress(false)
                .build();
    }
}
