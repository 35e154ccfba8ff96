package org.pymic.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ParamSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.core.registry.Params;

/**
 * Gated CRF loss (Obukhov, Georgoulis, Dai and Van Gool, "Gated CRF Loss for Weakly Supervised Semantic
 * Image Segmentation", arXiv:1906.04651, 2019) as PyMIC's {@code GatedCRFLoss} is called by its
 * {@code GatedCRF} method: Potts compatibility, no source or destination masks, two Gaussian kernels on
 * the network input and the pixel positions,
 * <pre>
 *   k(p, q) = W0 exp(-|xy_p - xy_q|^2 / (2 XY0^2) - |I_p - I_q|^2 / (2 rgb^2)) + W1 exp(-|xy_p - xy_q|^2 / (2 XY1^2))
 *   L = sum_p sum_{q in window(p), q != p} k(p, q) (1 - sum_c s_c(p) s_c(q)) / (N H W)
 * </pre>
 * with {@code s = softmax(logits)}, the window the (2R+1)^2 pixels around {@code p}, and the image
 * channels summed in {@code |I_p - I_q|^2}. Volumes (N, C, D, H, W) are folded slice by slice into
 * (N D, C, H, W), as PyMIC does.
 *
 * <p>PyMIC builds the window with {@code F.unfold}, which pads with zeros: a neighbour outside the image
 * has features (image, x, y) = 0 and probabilities 0. Such pairs add {@code k(p, q)} to the loss, a
 * constant of the image (no gradient); pymic adds the same constant so values match PyMIC's. The pairs
 * inside the image are built without unfold, by shifting zero-padded copies of the prediction and the
 * image for each window offset, outside the autograd graph (see {@link #compute(NDArray, NDArray)}), so
 * memory stays that of a few copies of the prediction and the backward pass one product.
 */
public final class GatedCRFLoss implements SegLoss {
    /** PyMIC's keys (lower-cased as config keys are) with its defaults, read by the loss and the method. */
    public static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.optional("gatedcrfloss_w0", ParamType.FLOAT, 1.0, "weight of the image-and-position kernel"),
            ParamSpec.optional("gatedcrfloss_xy0", ParamType.FLOAT, 5.0,
                    "position bandwidth (pixels) of the image-and-position kernel"),
            ParamSpec.optional("gatedcrfloss_rgb", ParamType.FLOAT, 0.1,
                    "intensity bandwidth of the image-and-position kernel (in the network input's units)"),
            ParamSpec.optional("gatedcrfloss_w1", ParamType.FLOAT, 1.0, "weight of the position kernel"),
            ParamSpec.optional("gatedcrfloss_xy1", ParamType.FLOAT, 3.0, "position bandwidth (pixels) of the position kernel"),
            ParamSpec.optional("gatedcrfloss_radius", ParamType.FLOAT, 5.0,
                    "half size of the square window of neighbours (a whole number; PyMIC writes 5.0)"));

    /** The loss of resolved parameters declaring {@link #PARAMS}. */
    public static GatedCRFLoss from(Params p) {
        return new GatedCRFLoss(p.getDouble("gatedcrfloss_w0", 1.0), p.getDouble("gatedcrfloss_xy0", 5.0),
                p.getDouble("gatedcrfloss_rgb", 0.1), p.getDouble("gatedcrfloss_w1", 1.0),
                p.getDouble("gatedcrfloss_xy1", 3.0), p.getDouble("gatedcrfloss_radius", 5.0));
    }

    private final double w0;
    private final double xy0;
    private final double rgb;
    private final double w1;
    private final double xy1;
    private final int radius;

    /**
     * @param radius the window's half size; PyMIC's configs write it as a float (5.0), which must be
     *               a whole number
     */
    public GatedCRFLoss(double w0, double xy0, double rgb, double w1, double xy1, double radius) {
        if (radius < 1 || radius != Math.rint(radius)) {
            throw PymicException.config("GatedCRFLoss_Radius = " + radius + ": expected a whole number >= 1");
        }
        if (xy0 <= 0 || rgb <= 0 || xy1 <= 0) {
            throw PymicException.config("GatedCRFLoss: GatedCRFLoss_XY0, GatedCRFLoss_rgb and GatedCRFLoss_XY1"
                    + " must be > 0, got " + xy0 + ", " + rgb + ", " + xy1);
        }
        this.w0 = w0;
        this.xy0 = xy0;
        this.rgb = rgb;
        this.w1 = w1;
        this.xy1 = xy1;
        this.radius = (int) radius;
    }

    /** PyMIC's defaults: W0 1, XY0 5, rgb 0.1, W1 1, XY1 3, Radius 5. */
    public GatedCRFLoss() {
        this(1.0, 5, 0.1, 1.0, 3, 5.0);
    }

    public int radius() {
        return radius;
    }

    @Override
    public NDArray compute(NDArray logits, NDArray target, NDArray pixelWeight) {
        throw PymicException.config(name() + " needs the network input: use it as a method's regulariser"
                + " (method_name = GatedCRF) or in [training] loss_type, where the step passes the image");
    }

    @Override
    public NDArray compute(LossInput in) {
        if (in.image() == null) {
            return compute(in.output().main(), null, null);
        }
        return compute(in.output().main(), in.image());
    }

    /** The loss of logits (N, K, [D,] H, W) on the network input (N, C, [D,] H, W). */
    public NDArray compute(NDArray logits, NDArray image) {
        NDArray s = LossOps.foldSlices(logits).softmax(1);
        NDArray img = LossOps.foldSlices(image);
        Shape ps = s.getShape();
        Shape is = img.getShape();
        if (ps.dimension() != 4 || is.get(0) != ps.get(0) || is.get(2) != ps.get(2) || is.get(3) != ps.get(3)) {
            throw PymicException.data(name() + ": prediction " + logits.getShape() + " and image " + image.getShape()
                    + " differ in batch or spatial size");
        }
        int n = (int) ps.get(0);
        int h = (int) ps.get(2);
        int w = (int) ps.get(3);
        NDArray feat = Scalars.div(img, rgb); // no gradient: the image is an input
        // The kernel depends on the image only and the pair term is symmetric, so the gradient of
        // P = sum_p sum_c s_c(p) sum_{q in window(p)} k(p, q) s_c(q) = sum s . G is 2 G, with G the
        // kernel-weighted sum of each pixel's neighbours' probabilities. G is built without autograd from
        // zero-padded copies (a neighbour outside the image has probability 0), and P enters the graph as
        // 2 sum(s . G) - sum(s . G) with G and the second s detached: P's value, 2 G its gradient, one
        // recorded product instead of one per window position.
        NDArray sd = s.stopGradient();
        Shape pad = new Shape(radius, radius, radius, radius);
        NDArray sp = sd.pad(pad, 0);
        NDArray fp = feat.pad(pad, 0);
        NDArray g = sd.zerosLike();
        NDArray inside = null;
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                if (dy == 0 && dx == 0 || Math.abs(dy) >= h || Math.abs(dx) >= w) {
                    continue;
                }
                NDIndex q = new NDIndex(":, :, {}:{}, {}:{}", radius + dy, radius + dy + h, radius + dx, radius + dx + w);
                double d2 = dx * dx + dy * dy;
                NDArray diff = feat.sub(fp.get(q));
                NDArray gauss = Scalars.mul(diff.mul(diff).sum(new int[] {1}, true), -0.5).exp();
                NDArray kernel = Scalars.mul(gauss, w0 * Math.exp(-0.5 * d2 / (xy0 * xy0)))
                        .add(w1 * Math.exp(-0.5 * d2 / (xy1 * xy1)));
                g = g.add(sp.get(q).mul(kernel));
                // the pixels whose neighbour at this offset is inside the image
                NDIndex valid = new NDIndex(":, :, {}:{}, {}:{}", Math.max(0, -dy), h - Math.max(0, dy),
                        Math.max(0, -dx), w - Math.max(0, dx));
                NDArray k = kernel.get(valid).sum();
                inside = inside == null ? k : inside.add(k);
            }
        }
        NDArray product = Scalars.mul(s.mul(g).sum(), 2).sub(sd.mul(g).sum());
        NDArray constant = (inside == null ? img.getManager().create(0f) : inside)
                .add(outside(img.getManager(), feat, n, h, w));
        NDArray loss = constant.sub(product);
        return Scalars.div(loss, (double) n * h * w);
    }

    /**
     * The kernel summed over the window positions that fall outside the image (zero features): per
     * pixel, the count of such positions times {@code k(p, 0)}.
     */
    private NDArray outside(NDManager m, NDArray feat, int n, int h, int w) {
        double[] count = new double[h * w];
        double[] r0 = new double[h * w];
        double[] r1 = new double[h * w];
        int side = 2 * radius + 1;
        for (int y = 0; y < h; y++) {
            int rows = Math.min(y, radius) + Math.min(h - 1 - y, radius) + 1;
            for (int x = 0; x < w; x++) {
                int cols = Math.min(x, radius) + Math.min(w - 1 - x, radius) + 1;
                count[y * w + x] = side * side - rows * cols;
                double p2 = (double) x * x + (double) y * y;
                r0[y * w + x] = -0.5 * p2 / (xy0 * xy0);
                r1[y * w + x] = w1 * Math.exp(-0.5 * p2 / (xy1 * xy1));
            }
        }
        Shape s = new Shape(1, 1, h, w);
        NDArray c = m.create(count, s).toType(feat.getDataType(), false);
        NDArray e0 = m.create(r0, s).toType(feat.getDataType(), false);
        NDArray e1 = m.create(r1, s).toType(feat.getDataType(), false);
        NDArray i2 = Scalars.mul(feat.mul(feat).sum(new int[] {1}, true), -0.5);
        NDArray k = Scalars.mul(i2.add(e0).exp(), w0).add(e1);
        return k.mul(c).sum();
    }

    @Override
    public String name() {
        return "GatedCRFLoss";
    }
}
