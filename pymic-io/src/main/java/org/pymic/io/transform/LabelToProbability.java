package org.pymic.io.transform;

import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;

/**
 * PyMIC {@code LabelToProbability}: the one-channel label map becomes {@code class_num} one-hot
 * channels (channel c is 1 where the label equals c). Values outside [0, class_num) give all zeros.
 * A label that already has several channels is left as is.
 */
public final class LabelToProbability extends LabelTransform {
    private final int classNum;

    public LabelToProbability(Params p) {
        super("LabelToProbability", p);
        classNum = p.getInt("class_num");
    }

    @Override
    protected void convert(Sample s) {
        if (s.label().channels() == 1) {
            s.setLabel(oneHot(s.label(), classNum));
        }
    }
}
