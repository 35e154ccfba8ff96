package org.pymic.io.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.io.image.ImageFiles;
import org.pymic.io.image.ImageFormat;

/**
 * Applies an annotation simulator to every label file of a folder ({@code pymic simulate
 * scribbles|noise --labels DIR --out DIR}). Files are processed in name order; each output has the
 * input's name, geometry, header and data type (8-bit for PNG and BMP label images). Randomness depends on the seed and the file name
 * only; which files get noise is an exact fraction of the folder chosen by the seed.
 */
public final class AnnotationSimulation {
    /** What to simulate. */
    public enum Kind {
        SCRIBBLES, NOISE;

        /** Parses {@code scribbles} or {@code noise} (case-insensitive). */
        public static Kind parse(String s) {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "scribbles": case "scribble": return SCRIBBLES;
                case "noise": case "noisy": return NOISE;
                default:
                    throw new PymicException(org.pymic.core.error.ExitCode.USAGE,
                            "simulate: unknown kind '" + s + "' (expected scribbles or noise)");
            }
        }
    }

    /**
     * What a folder simulation did.
     *
     * @param files label files processed
     * @param changed files whose labels were altered (all for scribbles, the noisy ones for noise)
     * @param outputs the written files, in input order
     */
    public record Result(int files, int changed, List<Path> outputs) {
    }

    private AnnotationSimulation() {
    }

    /** Simulates scribbles or noisy labels for every image file in {@code labelsDir}. */
    public static Result simulate(Kind kind, Path labelsDir, Path outDir, Options options) {
        List<Path> inputs = labelFiles(labelsDir);
        boolean[] noisy = options.selector().selectNoisy(inputs.size(), options.seed);
        List<Path> outputs = new ArrayList<>();
        int changed = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Path in = inputs.get(i);
            String name = in.getFileName().toString();
            long seed = CaseRandom.mix(options.seed ^ CaseRandom.key(name));
            Volume label = ImageFiles.read(in);
            if (label.channels() != 1) {
                throw PymicException.data(in + ": a label map must have one channel, found " + label.channels());
            }
            Volume out;
            if (kind == Kind.SCRIBBLES) {
                out = options.scribbles.simulate(label, seed);
                changed++;
            } else if (noisy[i] && options.model != null) {
                MorphologicalNoise.Outcome o = options.model.corrupt(label, seed);
                options.report.accept(NoisyLabelLists.describe(name, o));
                out = o.label();
                changed++;
            } else if (noisy[i]) {
                out = options.noise.corrupt(label, seed);
                changed++;
            } else {
                out = label;
            }
            Path target = outDir.resolve(name);
            ImageFormat format = ImageFormat.of(in);
            if (format == ImageFormat.PNG || format == ImageFormat.BMP) {
                ImageFiles.write(out, target, "uint8");
            } else {
                ImageFiles.write(out, target);
            }
            outputs.add(target);
        }
        return new Result(inputs.size(), changed, outputs);
    }

    /** Image files of a folder, sorted by name (MetaImage .raw companions and other files skipped). */
    static List<Path> labelFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw PymicException.input(dir + ": label folder not found");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).filter(AnnotationSimulation::isImage).sorted().forEach(files::add);
        } catch (IOException e) {
            throw PymicException.input(dir + ": cannot list the label folder: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw PymicException.input(dir + ": no label images (.nii, .nii.gz, .mha, .mhd, .png, .bmp) found");
        }
        return files;
    }

    private static boolean isImage(Path p) {
        try {
            ImageFormat f = ImageFormat.of(p);
            return f != ImageFormat.HDF5 && f != ImageFormat.JPEG;
        } catch (PymicException e) {
            return false;
        }
    }

    /** Options of a folder simulation: the simulators and the seed (default 1). */
    public static final class Options {
        private long seed = 1;
        private ScribbleSimulator scribbles = ScribbleSimulator.builder().build();
        private NoisyLabelSimulator noise = NoisyLabelSimulator.builder().build();
        private MorphologicalNoise model;
        private Double fraction;
        private java.util.function.Consumer<String> report = s -> { };

        public static Options defaults() {
            return new Options();
        }

        public Options seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Options scribbles(ScribbleSimulator simulator) {
            this.scribbles = simulator;
            return this;
        }

        public Options noise(NoisyLabelSimulator simulator) {
            this.noise = simulator;
            return this;
        }

        /** Corrupts with PyMIC's morphological model instead of the Dice-targeting simulator. */
        public Options model(MorphologicalNoise model) {
            this.model = model;
            return this;
        }

        /** The fraction of corrupted files (default: the simulator's). */
        public Options fraction(double fraction) {
            this.fraction = fraction;
            return this;
        }

        /** Where a line per corrupted file goes (its operations and Dice against the clean label). */
        public Options report(java.util.function.Consumer<String> report) {
            this.report = report;
            return this;
        }

        NoisyLabelSimulator selector() {
            return fraction == null ? noise : NoisyLabelSimulator.builder().fraction(fraction).build();
        }
    }
}
