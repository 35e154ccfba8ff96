package org.pymic.io.synth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.io.image.AtomicFiles;
import org.pymic.io.image.ImageFiles;

/**
 * Writes a complete synthetic cardiac data set in PyMIC's layout, ready for fully supervised,
 * semi-supervised, scribble-supervised and noisy-label training:
 * <pre>
 * images/case_000.nii.gz   float32 images        labels/   uint8 dense labels (0-3)
 * scribbles/               uint8 scribbles (4 = not annotated), training cases
 * noisy/                   uint8 labels, corrupted on a fraction of the training cases
 * train.csv valid.csv test.csv train_r10_lab.csv train_r10_unlab.csv train_scribble.csv train_noisy.csv
 * </pre>
 * CSV files have the header {@code image,label} and paths relative to the output folder. Cases are
 * split in order: the first ones train, then validation, then test. Every file is a pure function of
 * the options, so two runs with the same options write the same bytes.
 */
public final class SyntheticDataset {
    private SyntheticDataset() {
    }

    /** Generates and writes the data set; prints nothing. */
    public static SyntheticSummary write(Path outDir, Options o) {
        int nTrain = Math.max(1, (int) Math.round(o.trainFraction * o.cases));
        int nValid = Math.min(o.cases - nTrain, Math.max(o.cases >= 3 ? 1 : 0, (int) Math.round(o.validFraction * o.cases)));
        int nTest = o.cases - nTrain - nValid;
        int nLab = Math.min(nTrain, Math.max(1, (int) Math.round(o.labelledFraction * nTrain)));
        CardiacPhantom phantom = CardiacPhantom.builder().size(o.size, o.size).slices(o.dim == 3 ? o.slices : 1)
                .spacing(o.spacing[0], o.spacing[1], o.spacing[2]).noise(o.noise).build();
        ScribbleSimulator scribbles = ScribbleSimulator.builder().strokeWidth(o.strokeWidth).build();
        NoisyLabelSimulator noise = NoisyLabelSimulator.builder().fraction(o.noisyFraction).build();
        boolean[] noisy = noise.selectNoisy(nTrain, o.seed);
        Map<String, List<String[]>> lists = new LinkedHashMap<>();
        for (String name : new String[] {"train.csv", "valid.csv", "test.csv", "train_r10_lab.csv",
            "train_r10_unlab.csv", "train_scribble.csv", "train_noisy.csv"}) {
            lists.put(name, new ArrayList<>());
        }
        double annotated = 0;
        int nNoisy = 0;
        for (int i = 0; i < o.cases; i++) {
            PhantomCase c = binary(phantom.generate(o.seed, i), o.binaryValue > 0);
            String file = String.format("case_%03d.nii.gz", i);
            String img = "images/" + file;
            String lab = "labels/" + file;
            ImageFiles.write(c.image(), outDir.resolve(img), "float32");
            ImageFiles.write(scaled(c.label(), o.binaryValue), outDir.resolve(lab), "uint8");
            String[] row = {img, lab};
            if (i >= nTrain) {
                lists.get(i < nTrain + nValid ? "valid.csv" : "test.csv").add(row);
                continue;
            }
            lists.get("train.csv").add(row);
            lists.get(i < nLab ? "train_r10_lab.csv" : "train_r10_unlab.csv").add(row);
            Volume scr = scribbles.simulate(c.label(), CaseRandom.mix(o.seed * 31 + i));
            annotated += annotatedFraction(scr, scribbles.unannotatedValue(c.label()));
            ImageFiles.write(scr, outDir.resolve("scribbles/" + file), "uint8");
            lists.get("train_scribble.csv").add(new String[] {img, "scribbles/" + file});
            Volume nl = noisy[i] ? noise.corrupt(c.label(), CaseRandom.mix(o.seed * 37 + i)) : c.label();
            nNoisy += noisy[i] ? 1 : 0;
            ImageFiles.write(scaled(nl, o.binaryValue), outDir.resolve("noisy/" + file), "uint8");
            lists.get("train_noisy.csv").add(new String[] {img, "noisy/" + file});
        }
        Map<String, Path> csv = new LinkedHashMap<>();
        for (Map.Entry<String, List<String[]>> e : lists.entrySet()) {
            Path p = outDir.resolve(e.getKey());
            writeCsv(p, e.getValue());
            csv.put(e.getKey(), p);
        }
        return new SyntheticSummary(outDir, o.cases, nTrain, nValid, nTest, nLab, nNoisy, annotated / nTrain, csv);
    }

    private static PhantomCase binary(PhantomCase c, boolean binary) {
        if (!binary) {
            return c;
        }
        float[] l = c.label().data().clone();
        for (int i = 0; i < l.length; i++) {
            l[i] = l[i] > 0 ? 1 : 0;
        }
        return new PhantomCase(c.index(), c.image(), c.label().withData(l, 1));
    }

    private static Volume scaled(Volume label, int value) {
        if (value <= 1) {
            return label;
        }
        float[] l = label.data().clone();
        for (int i = 0; i < l.length; i++) {
            l[i] *= value;
        }
        return label.withData(l, 1);
    }

    static double annotatedFraction(Volume scribble, int unannotated) {
        int n = 0;
        for (float v : scribble.data()) {
            if (Math.round(v) != unannotated) {
                n++;
            }
        }
        return (double) n / scribble.data().length;
    }

    static void writeCsv(Path path, List<String[]> rows) {
        StringBuilder sb = new StringBuilder("image,label\n");
        for (String[] r : rows) {
            sb.append(r[0]).append(',').append(r[1]).append('\n');
        }
        AtomicFiles.write(path, out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Options of a synthetic data set; defaults: 40 2D cases of 128 x 128, seed 1, split 70/10/20 %. */
    public static final class Options {
        private int cases = 40;
        private int size = 128;
        private int dim = 2;
        private int slices = 8;
        private long seed = 1;
        private double trainFraction = 0.7;
        private double validFraction = 0.1;
        private double labelledFraction = 0.1;
        private double noisyFraction = 0.5;
        private int strokeWidth = 1;
        private double[] spacing = {1.5, 1.5, 5.0};
        private NoiseModel noise = NoiseModel.RICIAN;
        private int binaryValue;

        public static Options defaults() {
            return new Options();
        }

        public Options cases(int n) {
            if (n < 1) {
                throw PymicException.config("synthetic data: cases must be >= 1, got " + n);
            }
            this.cases = n;
            return this;
        }

        /** In-plane size (pixels, square, at least 32). */
        public Options size(int s) {
            if (s < 32) {
                throw PymicException.config("synthetic data: size must be >= 32, got " + s);
            }
            this.size = s;
            return this;
        }

        /** 2 for single-slice images (D = 1), 3 for stacks of {@link #slices} slices. */
        public Options dim(int d) {
            if (d != 2 && d != 3) {
                throw PymicException.config("synthetic data: dim must be 2 or 3, got " + d);
            }
            this.dim = d;
            return this;
        }

        public Options slices(int n) {
            if (n < 2) {
                throw PymicException.config("synthetic data: slices of a 3D case must be >= 2, got " + n);
            }
            this.slices = n;
            return this;
        }

        public Options seed(long s) {
            this.seed = s;
            return this;
        }

        /** Fractions of cases for training and validation; the rest is for testing. */
        public Options split(double train, double valid) {
            if (train <= 0 || valid < 0 || train + valid > 1) {
                throw PymicException.config("synthetic data: split fractions must satisfy 0 < train, 0 <= valid, "
                        + "train + valid <= 1, got " + train + ", " + valid);
            }
            this.trainFraction = train;
            this.validFraction = valid;
            return this;
        }

        /** Fraction of training cases listed as labelled in train_r10_lab.csv (at least one case). */
        public Options labelledFraction(double f) {
            this.labelledFraction = f;
            return this;
        }

        /** Fraction of training cases with corrupted labels in noisy/. */
        public Options noisyFraction(double f) {
            if (f < 0 || f > 1) {
                throw PymicException.config("synthetic data: noisy fraction must be in [0, 1], got " + f);
            }
            this.noisyFraction = f;
            return this;
        }

        public Options strokeWidth(int w) {
            this.strokeWidth = w;
            return this;
        }

        /** Voxel spacing in mm, {x, y, z}. */
        public Options spacing(double x, double y, double z) {
            this.spacing = new double[] {x, y, z};
            return this;
        }

        public Options noise(NoiseModel model) {
            this.noise = model;
            return this;
        }

        /**
         * One foreground: every structure becomes label 1, written as {@code value} in labels/ and noisy/
         * (255 gives the 0/255 masks of 2D data sets such as JSRT); 0 (default) keeps the four classes.
         */
        public Options binary(int value) {
            if (value < 0 || value > 255) {
                throw PymicException.config("synthetic data: the binary foreground value must be in 1..255, got " + value);
            }
            this.binaryValue = value;
            return this;
        }
    }
}
