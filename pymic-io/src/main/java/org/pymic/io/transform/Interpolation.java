package org.pymic.io.transform;

/**
 * How a spatial transform samples values between voxels: nearest neighbour for label maps
 * (scipy order 0), linear for intensities and probabilities (order 1).
 */
public enum Interpolation {
    NEAREST, LINEAR
}
