package org.pymic.io.transform;

/**
 * A transform that only adds mask extra volumes to a sample ({@link org.pymic.io.data.Sample#putExtraMask})
 * and leaves image, label and pixel weight as they are, e.g. {@link RandomCutMixBox}. With the
 * intensity transforms, mask makers are what a view chain may hold
 * ({@link org.pymic.io.data.SampleViews}).
 */
public interface MaskMaker extends Transform {
}
