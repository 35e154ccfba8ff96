package org.pymic.io.synth;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link SyntheticDataset#write} produced.
 *
 * @param outDir the data set folder (CSV paths are relative to it)
 * @param cases number of cases
 * @param train training cases
 * @param valid validation cases
 * @param test test cases
 * @param labelled training cases in {@code train_r10_lab.csv}
 * @param noisy training cases whose {@code noisy/} label is corrupted (the others are copies)
 * @param scribbleFraction mean fraction of annotated voxels in the training scribbles
 * @param csvFiles the CSV lists by file name ({@code train.csv}, {@code valid.csv}...)
 */
public record SyntheticSummary(Path outDir, int cases, int train, int valid, int test, int labelled, int noisy,
                               double scribbleFraction, Map<String, Path> csvFiles) {
}
