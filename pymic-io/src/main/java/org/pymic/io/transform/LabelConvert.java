package org.pymic.io.transform;

import org.pymic.core.error.PymicException;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;

/**
 * PyMIC {@code LabelConvert}: maps label {@code source_list[i]} to {@code target_list[i]}, each
 * against the original map; values not in {@code source_list} become 0 (as PyMIC's
 * {@code convert_label}).
 */
public final class LabelConvert extends LabelTransform {
    private final int[] source;
    private final int[] target;

    public LabelConvert(Params p) {
        super("LabelConvert", p);
        source = p.getIntArray("source_list");
        target = p.getIntArray("target_list");
        if (source.length != target.length) {
            throw PymicException.config("LabelConvert_source_list and LabelConvert_target_list must have the same "
                    + "length, got " + source.length + " and " + target.length);
        }
    }

    @Override
    protected void convert(Sample s) {
        float[] l = s.label().data();
        float[] out = new float[l.length];
        for (int j = 0; j < l.length; j++) {
            int v = Math.round(l[j]);
            for (int i = 0; i < source.length; i++) {
                if (v == source[i]) {
                    out[j] = target[i];
                    break;
                }
            }
        }
        s.setLabel(s.label().withData(out, s.label().channels()));
    }
}
