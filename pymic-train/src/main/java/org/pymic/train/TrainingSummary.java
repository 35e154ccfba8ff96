package org.pymic.train;

import java.nio.file.Path;

/**
 * How a training run ended: last iteration, best iteration and its validation Dice, early stop, and
 * whether it was interrupted ({@link SegmentationTrainer#requestStop}) with the checkpoint of the
 * iteration it stopped at (null when it stopped before its first step and has none).
 */
public record TrainingSummary(int lastIteration, int bestIteration, double bestValidDice, boolean earlyStopped,
                              boolean interrupted, Path checkpoint) {
}
