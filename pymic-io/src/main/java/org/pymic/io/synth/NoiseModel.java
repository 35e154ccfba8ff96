package org.pymic.io.synth;

/**
 * Acquisition noise of a synthetic image. Magnitude MR images have Rician noise: the magnitude of a
 * complex signal whose real and imaginary parts carry independent Gaussian noise,
 * {@code sqrt((I + s n1)^2 + (s n2)^2)} (Gudbjartsson and Patz, MRM 34, 1995); Gaussian noise
 * {@code I + s n1} is the high-SNR approximation.
 */
public enum NoiseModel {
    RICIAN,
    GAUSSIAN,
    NONE
}
