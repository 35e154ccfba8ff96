package org.pymic.train;

/** How a training run ended: last iteration, best iteration and its validation Dice, early stop. */
public record TrainingSummary(int lastIteration, int bestIteration, double bestValidDice, boolean earlyStopped) {
}
