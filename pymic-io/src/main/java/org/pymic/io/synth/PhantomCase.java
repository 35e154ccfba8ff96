package org.pymic.io.synth;

import org.pymic.core.image.Volume;

/**
 * One generated case: the image (one channel, float intensities) and its dense label map (one
 * channel, class indices stored as floats), both on the same grid and geometry.
 *
 * @param index the case index the generator was asked for
 * @param image the intensity image
 * @param label the label map (0 background, 1 right ventricle, 2 myocardium, 3 left ventricle)
 */
public record PhantomCase(int index, Volume image, Volume label) {
}
