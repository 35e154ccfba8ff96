package org.pymic.train;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Benchmarks for {@code pymic bench train|infer}: milliseconds per training iteration split into data wait,
 * forward, backward and update (median over the steps after {@code warmup}), and milliseconds per
 * inferred case (median over repetitions after warm-up).
 */
public final class BenchRunner {
    private BenchRunner() {
    }

    /** Median step timing of a finished training run, ignoring the first {@code warmup} steps. */
    public static StepTiming trainMedian(List<StepTiming> steps, int warmup) {
        List<StepTiming> s = steps.subList(Math.min(warmup, steps.size()), steps.size());
        if (s.isEmpty()) {
            throw new IllegalArgumentException("no steps after " + warmup + " warm-up steps");
        }
        return new StepTiming(median(s, StepTiming::dataMs), median(s, StepTiming::forwardMs),
                median(s, StepTiming::backwardMs), median(s, StepTiming::updateMs));
    }

    /** Trains with the given trainer and returns the median step timing after warm-up. */
    public static StepTiming train(SegmentationTrainer trainer, int warmup) {
        trainer.train();
        return trainMedian(trainer.timings(), warmup);
    }

    /** Median milliseconds of {@code task} over {@code repeats} runs after {@code warmup} runs. */
    public static double inferMs(Runnable task, int warmup, int repeats) {
        for (int i = 0; i < warmup; i++) {
            task.run();
        }
        double[] t = new double[Math.max(1, repeats)];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            task.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        return median(t);
    }

    private static double median(List<StepTiming> s, ToDoubleFunction<StepTiming> f) {
        return median(s.stream().mapToDouble(f).toArray());
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }
}
