package org.pymic.io.transform;

import java.util.random.RandomGenerator;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;

/**
 * Makes the extra mask {@code cutmix_box} (1 x D x H x W, 0 or 1) that UniMatch's training step uses
 * to paste a box of another image into a strong view ({@code obtain_cutmix_box}; Yang et al.,
 * CVPR 2023). One box per H x W slice, drawn independently for each of the D slices (2D data: one
 * box), so the slices of a volume folded into a 2D batch get a box each as UniMatch's 2D images do.
 * Per slice, with {@code probability}: area {@code A = U(size_min, size_max) H W}; then, until the
 * box fits, ratio {@code r ~ U(ratio_min, ratio_max)}, width {@code w = floor(sqrt(A / r))}, height
 * {@code h = floor(sqrt(A r))}, corner {@code x ~ U{0..W-1}}, {@code y ~ U{0..H-1}}, accepted when
 * {@code x + w <= W} and {@code y + h <= H}; the box is rows y..y+h-1 and columns x..x+w-1
 * (UniMatch's square image generalised to H x W). A slice without a box is all 0. The image, label
 * and weight are unchanged; a {@code cutmix_box} already present is replaced.
 */
public final class RandomCutMixBox extends AbstractTransform implements MaskMaker {
    /** The name of the extra mask this transform makes. */
    public static final String KEY = "cutmix_box";
    /** Rejected draws before giving up on a slice shape no box fits (e.g. 1 x 100 with size_min 0.4). */
    static final int MAX_ATTEMPTS = 10_000;

    private final double probability;
    private final double sizeMin;
    private final double sizeMax;
    private final double ratioMin;
    private final double ratioMax;

    public RandomCutMixBox(Params p) {
        super("RandomCutMixBox", p);
        probability = inRange("probability", p.getDouble("probability", 0.5), 0, 1);
        sizeMin = inRange("size_min", p.getDouble("size_min", 0.02), Double.MIN_VALUE, 1);
        sizeMax = inRange("size_max", p.getDouble("size_max", 0.4), sizeMin, 1);
        ratioMin = inRange("ratio_min", p.getDouble("ratio_min", 0.3), Double.MIN_VALUE, Double.MAX_VALUE);
        ratioMax = inRange("ratio_max", p.getDouble("ratio_max", 1 / 0.3), ratioMin, Double.MAX_VALUE);
    }

    @Override
    public Sample apply(Sample s, RandomGenerator rng) {
        Volume img = s.image();
        int h = img.height();
        int w = img.width();
        float[] mask = new float[img.voxels()];
        for (int z = 0; z < img.depth(); z++) {
            if (rng.nextDouble() < probability) {
                box(mask, z * h * w, h, w, rng);
            }
        }
        s.putExtraMask(KEY, img.withData(mask, 1));
        return s;
    }

    private void box(float[] mask, int off, int h, int w, RandomGenerator rng) {
        double area = (sizeMin + rng.nextDouble() * (sizeMax - sizeMin)) * h * w;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            double ratio = ratioMin + rng.nextDouble() * (ratioMax - ratioMin);
            int bw = (int) Math.sqrt(area / ratio);
            int bh = (int) Math.sqrt(area * ratio);
            int x = rng.nextInt(w);
            int y = rng.nextInt(h);
            if (x + bw <= w && y + bh <= h) {
                for (int r = y; r < y + bh; r++) {
                    java.util.Arrays.fill(mask, off + r * w + x, off + r * w + x + bw, 1f);
                }
                return;
            }
        }
        throw PymicException.data("RandomCutMixBox: no box of " + Math.round(area) + " pixels with a height/width ratio"
                + " in [" + ratioMin + ", " + ratioMax + "] fits a " + h + " x " + w + " slice after " + MAX_ATTEMPTS
                + " draws; lower RandomCutMixBox_size_max or narrow RandomCutMixBox_ratio_min/_ratio_max");
    }
}
