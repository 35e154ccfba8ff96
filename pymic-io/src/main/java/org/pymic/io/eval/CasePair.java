package org.pymic.io.eval;

import java.nio.file.Path;

/**
 * One evaluated case: its name (the segmentation's file name, or the name given in the pairs
 * CSV) and the two files compared.
 */
public record CasePair(String name, Path groundTruth, Path segmentation) {
}
