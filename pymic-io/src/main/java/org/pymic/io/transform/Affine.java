package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;
import org.pymic.io.data.TransformRecord;

/**
 * PyMIC {@code Affine}: a random in-plane (H x W) affine map applied to every slice. Scales
 * {@code sx, sy} from {@code scale_range}, shear angles {@code shx, shy} from {@code shear_range}
 * and rotation {@code r} from {@code rotate_range} (degrees), combined as PyMIC does on (x = w, y = h):
 * <pre>
 * A = [ sx (cos r + tan shy sin r)   -sy (tan shx cos r + sin r) ]
 *     [ sx (sin r - tan shy cos r)   -sy (tan shx sin r - cos r) ]
 * </pre>
 * The image is mapped by A about the slice centres onto an {@code output_size} (H, W) grid
 * (default: the input size), mirror boundary. pymic uses linear interpolation for images where PyMIC
 * uses cubic, and no random translation. Inverse: A^-1 back to the input grid.
 */
public final class Affine extends AbstractTransform {
    private final double[] scale;
    private final double[] shear;
    private final double[] rotate;
    private final Integer[] outputSize;

    public Affine(Params p) {
        super("Affine", p);
        scale = p.getDoubleArray("scale_range");
        shear = p.getDoubleArray("shear_range");
        rotate = p.getDoubleArray("rotate_range");
        outputSize = intsOrNull(p, "output_size");
    }

    @Override
    public Sample apply(Sample s, RandomGenerator rng) {
        double sx = draw(scale, rng);
        double sy = draw(scale, rng);
        double shx = Math.toRadians(draw(shear, rng));
        double shy = Math.toRadians(draw(shear, rng));
        double r = Math.toRadians(draw(rotate, rng));
        double c = Math.cos(r);
        double sn = Math.sin(r);
        // forward map on (x, y)
        double a00 = sx * (c + Math.tan(shy) * sn);
        double a01 = -sy * (Math.tan(shx) * c + sn);
        double a10 = sx * (sn - Math.tan(shy) * c);
        double a11 = -sy * (Math.tan(shx) * sn - c);
        int inH = s.image().height();
        int inW = s.image().width();
        int outH = outputSize == null ? inH : outputSize[outputSize.length - 2];
        int outW = outputSize == null ? inW : outputSize[outputSize.length - 1];
        double[] fwd = {a00, a01, a10, a11};
        record(s, "forward", fwd, "inputShape", new int[] {inH, inW});
        double[] m = samplingMatrix(inverse2(fwd), inH, inW, outH, outW);
        mapSpatial(s, (v, mode) -> Resampling.warpSlices(v, m, outH, outW, mode));
        return s;
    }

    private static double draw(double[] range, RandomGenerator rng) {
        return range[0] + rng.nextDouble() * (range[1] - range[0]);
    }

    static double[] inverse2(double[] a) {
        double det = a[0] * a[3] - a[1] * a[2];
        return new double[] {a[3] / det, -a[1] / det, -a[2] / det, a[0] / det};
    }

    /**
     * Sampling matrix on (h, w) for {@code in = B (out - cOut) + cIn} where B acts on (x, y):
     * in (h, w) order the matrix is [[b11, b10], [b01, b00]].
     */
    static double[] samplingMatrix(double[] b, int inH, int inW, int outH, int outW) {
        double cih = (inH - 1) / 2.0;
        double ciw = (inW - 1) / 2.0;
        double coh = (outH - 1) / 2.0;
        double cow = (outW - 1) / 2.0;
        double mhh = b[3];
        double mhw = b[2];
        double mwh = b[1];
        double mww = b[0];
        return new double[] {mhh, mhw, cih - mhh * coh - mhw * cow, mwh, mww, ciw - mwh * coh - mww * cow};
    }

    @Override
    public Volume invert(Volume prediction, TransformRecord record, Interpolation interpolation) {
        double[] fwd = (double[]) record.params().get("forward");
        int[] in = ints(record, "inputShape");
        double[] m = samplingMatrix(fwd, prediction.height(), prediction.width(), in[0], in[1]);
        return Resampling.warpSlices(prediction, m, in[0], in[1], interpolation);
    }
}
