package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;

/**
 * PyMIC {@code Resample}: resamples to {@code output_spacing} given in array order [D, H, W] (or
 * [H, W]; None keeps an axis' spacing): new size = round(size * spacing / output_spacing). When the
 * z spacing lies inside {@code ignore_zspacing_range} (open interval) the z axis is kept. The image
 * spacing is set to the requested one.
 */
public final class Resample extends Rescale {
    private final Double[] spacing;
    private final double[] ignoreZ;

    public Resample(Params p) {
        super("Resample", p);
        java.util.List<?> l = p.getList("output_spacing");
        spacing = new Double[l.size()];
        for (int i = 0; i < spacing.length; i++) {
            spacing[i] = l.get(i) == null ? null : ((Number) l.get(i)).doubleValue();
        }
        ignoreZ = p.getDoubleArray("ignore_zspacing_range");
    }

    @Override
    protected int[] newShape(Sample s, RandomGenerator rng) {
        Volume img = s.image();
        double[] sp = img.spacing();
        double[] cur = {sp[2], sp[1], sp[0]}; // D, H, W
        double[] want = cur.clone();
        int off = 3 - spacing.length;
        for (int i = 0; i < spacing.length; i++) {
            if (spacing[i] != null) {
                want[i + off] = spacing[i];
            }
        }
        if (ignoreZ != null && ignoreZ.length == 2 && cur[0] > ignoreZ[0] && cur[0] < ignoreZ[1]) {
            want[0] = cur[0];
        }
        int[] in = VolumeOps.spatial(img);
        int[] out = new int[3];
        for (int a = 0; a < 3; a++) {
            out[a] = in[a] == 1 ? 1 : scaled(in[a], cur[a] / want[a]);
        }
        s.extras().put("Resample_spacing", new double[] {want[2], want[1], want[0]});
        return out;
    }

    @Override
    public Sample apply(Sample s, RandomGenerator rng) {
        super.apply(s, rng);
        double[] xyz = (double[]) s.extras().remove("Resample_spacing");
        s.setImage(withSpacing(s.image(), xyz));
        if (s.label() != null) {
            s.setLabel(withSpacing(s.label(), xyz));
        }
        if (s.pixelWeight() != null) {
            s.setPixelWeight(withSpacing(s.pixelWeight(), xyz));
        }
        return s;
    }

    private static Volume withSpacing(Volume v, double[] xyz) {
        return new Volume(v.data(), v.channels(), v.depth(), v.height(), v.width(), xyz, v.origin(),
                v.direction(), v.header());
    }
}
