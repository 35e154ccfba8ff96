package org.pymic.io.transform;

import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;

/** PyMIC {@code LabelConvertNonzero}: binary label, 1 where the label is above 0, else 0. */
public final class LabelConvertNonzero extends LabelTransform {

    public LabelConvertNonzero(Params p) {
        super("LabelConvertNonzero", p);
    }

    @Override
    protected void convert(Sample s) {
        float[] l = s.label().data();
        float[] out = new float[l.length];
        for (int j = 0; j < l.length; j++) {
            out[j] = l[j] > 0 ? 1f : 0f;
        }
        s.setLabel(s.label().withData(out, s.label().channels()));
    }
}
