package org.pymic.io.synth;

import java.util.SplittableRandom;

/**
 * Seeded random streams per case, so that case {@code i} of a data set is the same whatever the
 * number of cases, and independent streams (image, scribble, noise) do not shift one another.
 */
final class CaseRandom {
    private CaseRandom() {
    }

    /** A generator for the given seed, case index and purpose (stream). */
    static SplittableRandom of(long seed, long caseIndex, long stream) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ (caseIndex * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL));
        h = mix(h ^ (stream * 0xD6E8FEB86659FD93L + 0x2545F4914F6CDD1DL));
        return new SplittableRandom(h);
    }

    /** A stable 64-bit key of a string (file names), independent of the JVM's String hash. */
    static long key(String s) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001B3L;
        }
        return mix(h);
    }

    /** The SplitMix64 finaliser (Steele, Lea and Flood 2014). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A normal deviate N(0, 1) by the Box-Muller transform. */
    static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }
}
