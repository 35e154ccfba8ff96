package org.pymic.train;

import org.pymic.core.image.Volume;

/**
 * One validation case after the validation transforms: image (C,D,H,W) and label (1,D,H,W class indices).
 */
public record ValidationCase(String name, Volume image, Volume label) {
}
