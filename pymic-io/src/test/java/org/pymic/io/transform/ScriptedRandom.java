package org.pymic.io.transform;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/**
 * A generator that returns scripted draws, so a test can state exactly which random values a
 * transform sees: {@link #nextDouble()} and {@link #nextInt(int)} pop the values given to
 * {@link #withDoubles} and {@link #withInts}; any other draw, or an exhausted queue, fails the test.
 */
final class ScriptedRandom implements RandomGenerator {
    private final Deque<Double> doubles = new ArrayDeque<>();
    private final Deque<Integer> ints = new ArrayDeque<>();

    ScriptedRandom withDoubles(double... values) {
        for (double v : values) {
            doubles.add(v);
        }
        return this;
    }

    ScriptedRandom withInts(int... values) {
        for (int v : values) {
            ints.add(v);
        }
        return this;
    }

    boolean exhausted() {
        return doubles.isEmpty() && ints.isEmpty();
    }

    @Override
    public double nextDouble() {
        if (doubles.isEmpty()) {
            throw new AssertionError("unscripted nextDouble()");
        }
        return doubles.pop();
    }

    @Override
    public int nextInt(int bound) {
        if (ints.isEmpty()) {
            throw new AssertionError("unscripted nextInt(" + bound + ")");
        }
        int v = ints.pop();
        if (v < 0 || v >= bound) {
            throw new AssertionError("scripted int " + v + " outside [0, " + bound + ")");
        }
        return v;
    }

    @Override
    public long nextLong() {
        throw new AssertionError("unscripted nextLong()");
    }
}
