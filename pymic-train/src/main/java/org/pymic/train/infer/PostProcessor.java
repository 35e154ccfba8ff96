package org.pymic.train.infer;

import org.pymic.core.image.Volume;

/**
 * Post-processing of a predicted label map (1,D,H,W class indices), named by {@code [testing] post_process}.
 */
@FunctionalInterface
public interface PostProcessor {
    Volume apply(Volume labels);
}
