package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;

/**
 * Base of the transforms that change only the label map (and possibly the pixel weight); samples
 * without a label (unlabelled cases, inference) pass unchanged.
 */
public abstract class LabelTransform extends AbstractTransform {

    protected LabelTransform(String name, Params p) {
        super(name, p);
    }

    @Override
    public final Sample apply(Sample s, RandomGenerator rng) {
        if (s.label() != null) {
            convert(s);
        }
        return s;
    }

    /** Changes {@code s}'s label (never null here). */
    protected abstract void convert(Sample s);

    /**
     * One-hot encoding of a one-channel label map into {@code k} channels; voxels whose value is not
     * in [0, k) get all zeros.
     */
    static Volume oneHot(Volume label, int k) {
        int n = label.voxels();
        float[] l = label.data();
        float[] out = new float[k * n];
        for (int j = 0; j < n; j++) {
            int c = Math.round(l[j]);
            if (c >= 0 && c < k) {
                out[c * n + j] = 1f;
            }
        }
        return label.withData(out, k);
    }
}
