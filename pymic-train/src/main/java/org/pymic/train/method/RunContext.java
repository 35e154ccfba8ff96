package org.pymic.train.method;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.pymic.core.image.Volume;
import org.pymic.io.data.SegmentationDataset;
import org.pymic.net.SegNetwork;
import org.pymic.train.infer.SlidingWindowInferer;

/**
 * What a method's periodic and validation hooks see of the run: the iteration, the networks, the
 * datasets of its streams, the inferer of validation and inference, a manager closed after the hook,
 * and the run log.
 */
public interface RunContext {

    /** Iterations completed. */
    int iteration();

    Map<String, SegNetwork> networks();

    /** The dataset behind stream {@code name} ({@link StreamSpec#name()}). */
    SegmentationDataset dataset(String stream);

    /** The sliding-window inferer configured by {@code [testing]}. */
    SlidingWindowInferer inferer();

    /** A manager for the hook's arrays, closed when the hook returns. */
    NDManager manager();

    /** Mean logits (K, D, H, W) of {@code networks} on one image, with the inferer, in evaluation mode. */
    Volume predict(Volume image, List<String> networks);

    /** Writes a line to the run log. */
    void log(String message);
}
