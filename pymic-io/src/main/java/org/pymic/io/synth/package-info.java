/**
 * Synthetic data and annotation simulators: {@link org.pymic.io.synth.CardiacPhantom} makes
 * cardiac-like short-axis MR cases with dense labels, {@link org.pymic.io.synth.ScribbleSimulator}
 * and {@link org.pymic.io.synth.NoisyLabelSimulator} turn dense labels into scribbles or noisy
 * labels, {@link org.pymic.io.synth.SyntheticDataset} writes a whole data set with PyMIC's CSV lists
 * and {@link org.pymic.io.synth.AnnotationSimulation} applies a simulator to a folder of label files
 * ({@code pymic simulate}). Everything is deterministic per seed and needs no download.
 */
package org.pymic.io.synth;
