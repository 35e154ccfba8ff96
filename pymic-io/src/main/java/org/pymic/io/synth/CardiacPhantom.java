package org.pymic.io.synth;

import java.util.SplittableRandom;
import org.pymic.core.image.Volume;

/**
 * Generator of cardiac-like short-axis MR images with dense labels in the ACDC convention:
 * 0 background, 1 right ventricle, 2 myocardium, 3 left ventricle.
 *
 * <p>The phantom is meant to be about as hard as real cine MRI (ACDC), so that methods for imperfect
 * annotations can be told apart from their baselines. Each case varies in shape (LV ellipticity and
 * low harmonics of its outline, wall thickness, RV size, position and angle), heart size and
 * position, slice level (2D cases lie anywhere from base to mid-apical, where structures are
 * small), and contrast: blood pools of similar intensity (RV 0.85-1.05 times LV) with flow
 * inhomogeneity, papillary muscles and trabeculations of myocardial intensity inside the LV label,
 * mediastinal tissue and liver close to the myocardium's intensity, an aorta, vessels or stomach
 * close to the blood's, dark lungs and a bright fat ring. The image is then blurred (partial volume,
 * Gaussian 0.6-1.3 px), passed through a contrast curve {@code v^gamma}, multiplied by a smooth
 * bias field {@code exp(p(x, y, z))} with a random quadratic polynomial p of per-case strength,
 * scaled by a per-case gain and corrupted by Rician or Gaussian noise of per-case level. With
 * {@code slices > 1} the stack runs from base to near apex: the LV shrinks and the RV fades out.
 *
 * <p>Case {@code i} depends only on the seed and {@code i}, never on how many cases are made.
 */
public final class CardiacPhantom {
    private static final long STREAM = 1;
    /** Fraction of cases acquired at low SNR (noise 1.8-2.6 times higher). */
    private static final double LOW_SNR_FRACTION = 0.15;

    private final int height;
    private final int width;
    private final int slices;
    private final double[] spacing;
    private final NoiseModel noise;
    private final double noiseLevel;
    private final double biasStrength;
    private final double intensityScale;

    private CardiacPhantom(Builder b) {
        this.height = b.height;
        this.width = b.width;
        this.slices = b.slices;
        this.spacing = b.spacing.clone();
        this.noise = b.noise;
        this.noiseLevel = b.noiseLevel;
        this.biasStrength = b.biasStrength;
        this.intensityScale = b.intensityScale;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int slices() {
        return slices;
    }

    /** Generates case {@code index} of the data set with the given seed. */
    public PhantomCase generate(long seed, int index) {
        SplittableRandom r = CaseRandom.of(seed, index, STREAM);
        int hw = height * width;
        float[] img = new float[slices * hw];
        float[] lab = new float[slices * hw];
        HeartShape heart = new HeartShape(r, height, width);
        double lvI = CaseRandom.uniform(r, 0.55, 0.9);
        double rvI = lvI * CaseRandom.uniform(r, 0.85, 1.05);
        double myoI = CaseRandom.uniform(r, 0.16, 0.32);
        Anatomy anatomy = new Anatomy(r, height, width, heart, myoI, lvI);
        double fixedLevel = CaseRandom.uniform(r, 0.0, 0.5);
        float[] texture = SmoothFields.field(r, height, width, Math.max(4, Math.min(height, width) / 12.0), 0.05 * lvI);
        float[] flow = SmoothFields.field(r, height, width, Math.max(3, Math.min(height, width) / 16.0), 0.06 * lvI);
        for (int z = 0; z < slices; z++) {
            double f = slices == 1 ? fixedLevel : 0.9 * z / (slices - 1);
            int off = z * hw;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int i = y * width + x;
                    int c = heart.label(x, y, f);
                    double v;
                    if (c == HeartShape.LV) {
                        v = heart.muscleInLv(x, y, f) ? myoI : lvI + flow[i];
                    } else if (c == HeartShape.RV) {
                        v = rvI + flow[i];
                    } else if (c == HeartShape.MYO || c < 0) {
                        v = myoI;
                    } else {
                        v = anatomy.intensity(x, y);
                    }
                    img[off + i] = (float) Math.max(0, v + (anatomy.insideBody(x, y) ? texture[i] : 0));
                    lab[off + i] = Math.max(c, 0);
                }
            }
        }
        finish(r, img);
        Volume image = new Volume(img, 1, slices, height, width, spacing, null, null, null);
        Volume label = new Volume(lab, 1, slices, height, width, spacing, null, null, null);
        return new PhantomCase(index, image, label);
    }

    /**
     * Partial-volume blur, contrast curve, bias field, scanner gain and noise, in the order of image
     * formation. The bias field strength, the noise level (with an occasional low-SNR case) and the
     * gain (log-uniform over a factor of 16, as between scanners) vary per case.
     */
    private void finish(SplittableRandom r, float[] img) {
        int hw = height * width;
        double blur = CaseRandom.uniform(r, 0.6, 1.3);
        double gamma = Math.exp(CaseRandom.uniform(r, -0.25, 0.25));
        double caseBias = biasStrength * CaseRandom.uniform(r, 0.4, 1.7);
        double[] p = new double[7];
        for (int k = 0; k < p.length; k++) {
            p[k] = caseBias * 0.5 * CaseRandom.gaussian(r);
        }
        double gain = intensityScale * Math.exp(CaseRandom.uniform(r, Math.log(0.25), Math.log(4)));
        double snr = r.nextDouble() < LOW_SNR_FRACTION ? CaseRandom.uniform(r, 1.8, 2.6) : 1.0;
        double sigma = noiseLevel * CaseRandom.uniform(r, 0.3, 1.0) * snr * gain;
        for (int z = 0; z < slices; z++) {
            int off = z * hw;
            SmoothFields.blurSlice(img, off, height, width, blur);
            double zz = slices == 1 ? 0 : 2.0 * z / (slices - 1) - 1;
            for (int y = 0; y < height; y++) {
                double yy = 2.0 * y / Math.max(1, height - 1) - 1;
                for (int x = 0; x < width; x++) {
                    double xx = 2.0 * x / Math.max(1, width - 1) - 1;
                    double bias = Math.exp(p[0] * xx + p[1] * yy + p[2] * xx * xx + p[3] * yy * yy
                            + p[4] * xx * yy + p[5] * zz + p[6] * zz * zz);
                    double v = Math.pow(Math.max(0, img[off + y * width + x]), gamma) * bias * gain;
                    double n1 = sigma * CaseRandom.gaussian(r);
                    if (noise == NoiseModel.RICIAN) {
                        double n2 = sigma * CaseRandom.gaussian(r);
                        v = Math.sqrt((v + n1) * (v + n1) + n2 * n2);
                    } else if (noise == NoiseModel.GAUSSIAN) {
                        v += n1;
                    }
                    img[off + y * width + x] = (float) v;
                }
            }
        }
    }

    /** Builder of {@link CardiacPhantom}; defaults give 128 x 128 single-slice images at 1.5 x 1.5 x 5 mm. */
    public static final class Builder {
        private int height = 128;
        private int width = 128;
        private int slices = 1;
        private double[] spacing = {1.5, 1.5, 5.0};
        private NoiseModel noise = NoiseModel.RICIAN;
        private double noiseLevel = 0.08;
        private double biasStrength = 0.45;
        private double intensityScale = 1.0;

        /** In-plane size in pixels (at least 32 each). */
        public Builder size(int height, int width) {
            if (height < 32 || width < 32) {
                throw new IllegalArgumentException("phantom size must be at least 32 x 32, got " + height + " x " + width);
            }
            this.height = height;
            this.width = width;
            return this;
        }

        /** Number of short-axis slices: 1 for 2D images, more for a 3D stack from base to apex. */
        public Builder slices(int slices) {
            if (slices < 1) {
                throw new IllegalArgumentException("slices must be >= 1, got " + slices);
            }
            this.slices = slices;
            return this;
        }

        /** Voxel spacing in mm in array-axis order {x, y, z}. */
        public Builder spacing(double x, double y, double z) {
            this.spacing = new double[] {x, y, z};
            return this;
        }

        public Builder noise(NoiseModel model) {
            this.noise = model;
            return this;
        }

        /** Largest noise standard deviation, relative to the blood intensity (0.55-0.9); per case it is scaled by 0.3-1 (1.8-2.6 times more for low-SNR cases). */
        public Builder noiseLevel(double level) {
            this.noiseLevel = level;
            return this;
        }

        /** Standard deviation scale of the bias polynomial's coefficients (0 = no bias field). */
        public Builder biasStrength(double strength) {
            this.biasStrength = strength;
            return this;
        }

        /** Multiplies all intensities (e.g. 1000 for scanner-like units); each case adds a gain of 0.25-4. */
        public Builder intensityScale(double scale) {
            this.intensityScale = scale;
            return this;
        }

        public CardiacPhantom build() {
            return new CardiacPhantom(this);
        }
    }
}
