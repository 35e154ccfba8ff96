package org.pymic.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pymic.io.synth.AnnotationSimulation;
import org.pymic.io.synth.MorphologicalNoise;
import org.pymic.io.synth.NoisyLabelLists;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pymic simulate scribbles|noise}: imperfect annotations from dense label maps. */
@Command(name = "simulate", description = {"Simulate scribbles or noisy labels from dense label maps.",
        "Reads every label map in a folder, or (noise with --list) the cases of a PyMIC case list.",
        "Outputs keep each file's name and geometry; in scribbles, voxels left unannotated get the",
        "largest label + 1 (4 for labels 0 to 3). With --preset, noise is PyMIC's JSRT model: per",
        "structure, dilation (p 0.35), erosion (p 0.35) or edge distortion by a radius from the preset's",
        "range (jsrt: 6-9 pixels; acdc: RV 1-4, myocardium 1-2, LV 1-3), and the Dice of each corrupted",
        "case against its clean label is printed. With --list, the clean, noisy and mixed lists",
        "(NAME_clean.csv, NAME_noise.csv, NAME_mix.csv for NAME.csv) are written to --lists-out."})
final class SimulateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "KIND", description = "What to simulate: scribbles or noise.")
    String kind;

    @Option(names = "--labels", paramLabel = "DIR",
            description = "Folder of dense label maps (every image file in it is read); or use --list.")
    Path labels;

    @Option(names = "--list", paramLabel = "CSV",
            description = "noise only: a PyMIC case list (image,label columns) whose cases get noise.")
    Path list;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Folder the paths of --list are relative to (default: the list's folder).")
    Path root;

    @Option(names = "--lists-out", paramLabel = "DIR",
            description = "Folder for the clean, noisy and mixed lists (default: the list's folder).")
    Path listsOut;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder of the label files (created when missing).")
    Path out;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "noise: PyMIC's morphological model with the radii of jsrt or acdc (required with --list).")
    String preset;

    @Option(names = "--radius", paramLabel = "MIN-MAX",
            description = "noise with --preset: one radius range in pixels for every structure, e.g. 6-12.")
    String radius;

    @Option(names = "--fraction", paramLabel = "F",
            description = "noise: fraction of the cases corrupted (default 0.95 with --preset, else 0.5).")
    Double fraction;

    @Option(names = "--seed", paramLabel = "K", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        AnnotationSimulation.Kind k = AnnotationSimulation.Kind.parse(kind);
        PrintWriter o = spec.commandLine().getOut();
        if ((labels == null) == (list == null)) {
            throw new ParameterException(spec.commandLine(), "give exactly one of --labels DIR and --list CSV");
        }
        if (fraction != null && !(fraction >= 0 && fraction <= 1)) {
            throw new ParameterException(spec.commandLine(), "--fraction must be in [0, 1], got " + fraction);
        }
        if (k == AnnotationSimulation.Kind.SCRIBBLES && (list != null || preset != null || radius != null || fraction != null)) {
            throw new ParameterException(spec.commandLine(), "--list, --preset, --radius and --fraction apply to noise only");
        }
        if (radius != null && preset == null) {
            throw new ParameterException(spec.commandLine(), "--radius needs --preset");
        }
        MorphologicalNoise model = null;
        if (preset != null) {
            model = MorphologicalNoise.preset(preset);
            if (radius != null) {
                model = model.withRange(MorphologicalNoise.Range.parse(radius));
            }
        }
        if (list != null) {
            if (model == null) {
                throw new ParameterException(spec.commandLine(), "--list needs --preset (jsrt or acdc)");
            }
            Path dir = list.toAbsolutePath().getParent();
            double f = fraction == null ? 0.95 : fraction;
            o.printf(Locale.ROOT, "noise model %s (radii %s), %.0f%% of the cases corrupted, seed %d%n", model.name(),
                    model.describeRanges(), 100 * f, seed);
            NoisyLabelLists.Result r = NoisyLabelLists.write(list, root == null ? dir : root, out,
                    listsOut == null ? dir : listsOut, model, f, seed, line -> o.println("  " + line));
            o.printf(Locale.ROOT, "%d of %d cases corrupted, mean Dice of noisy vs clean labels %.3f; labels in %s%n",
                    r.corrupted().size(), r.cases(), r.meanDice(), out);
            o.printf("  clean %s%n  noisy %s%n  mixed %s%n", r.clean(), r.noise(), r.mix());
            return 0;
        }
        AnnotationSimulation.Options opts = AnnotationSimulation.Options.defaults().seed(seed).model(model)
                .report(line -> o.println("  " + line));
        if (fraction != null || model != null) {
            opts.fraction(fraction == null ? 0.95 : fraction);
        }
        AnnotationSimulation.Result r = AnnotationSimulation.simulate(k, labels, out, opts);
        o.printf("%s: %d label files, %d changed, written to %s%n", k.name().toLowerCase(), r.files(), r.changed(), out);
        return 0;
    }
}
