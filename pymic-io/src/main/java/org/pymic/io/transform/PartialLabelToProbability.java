package org.pymic.io.transform;

import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;

/**
 * PyMIC {@code PartialLabelToProbability}, for scribbles and other partial annotations: label
 * values 0 .. class_num-1 are classes, the value {@code class_num} means "not annotated". The label
 * becomes class_num one-hot channels (all zeros where not annotated) and the pixel weight is 0
 * where not annotated, 1 elsewhere (multiplied into an existing weight).
 */
public final class PartialLabelToProbability extends LabelTransform {
    private final int classNum;

    public PartialLabelToProbability(Params p) {
        super("PartialLabelToProbability", p);
        classNum = p.getInt("class_num");
    }

    @Override
    protected void convert(Sample s) {
        Volume label = s.label();
        if (label.channels() != 1) {
            return;
        }
        int n = label.voxels();
        float[] l = label.data();
        float[] w = s.pixelWeight() == null ? null : s.pixelWeight().data();
        float[] weight = new float[n];
        for (int j = 0; j < n; j++) {
            int c = Math.round(l[j]);
            boolean annotated = c >= 0 && c < classNum;
            weight[j] = annotated ? (w == null ? 1f : w[j]) : 0f;
        }
        s.setLabel(oneHot(label, classNum));
        s.setPixelWeight(label.withData(weight, 1));
    }
}
