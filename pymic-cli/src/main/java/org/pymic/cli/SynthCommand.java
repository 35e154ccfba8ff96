package org.pymic.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pymic.io.synth.SyntheticDataset;
import org.pymic.io.synth.SyntheticSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pymic synth}: writes a synthetic cardiac MRI data set with its annotations and case lists. */
@Command(name = "synth", description = {"Write a synthetic cardiac MRI data set with its annotations and CSV case lists.",
        "Labels: 0 background, 1 right ventricle, 2 myocardium, 3 left ventricle; dense labels, scribbles",
        "and noisy labels, and PyMIC case lists for the train, valid and test cases."})
final class SynthCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder for the images, labels and case lists (created when missing).")
    Path out;

    @Option(names = "--cases", paramLabel = "N", defaultValue = "40", description = "Number of cases (default ${DEFAULT-VALUE}).")
    int cases;

    @Option(names = "--size", paramLabel = "N", defaultValue = "96", description = "Image height and width (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--dim", paramLabel = "2|3", defaultValue = "2", description = "2 or 3 (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--slices", paramLabel = "N", defaultValue = "8",
            description = "Slices of a 3D case (default ${DEFAULT-VALUE}); ignored for --dim 2.")
    int slices;

    @Option(names = "--seed", paramLabel = "K", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--binary", paramLabel = "V", defaultValue = "0",
            description = "One foreground (the whole heart) written as V, e.g. 255 for 0/255 masks as JSRT's; 0 (default) keeps 4 classes.")
    int binary;

    @Override
    public Integer call() {
        if (dim != 2 && dim != 3) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--dim must be 2 or 3, got " + dim);
        }
        SyntheticSummary s = SyntheticDataset.write(out, SyntheticDataset.Options.defaults()
                .cases(cases).size(size).dim(dim).slices(slices).seed(seed).binary(binary));
        var o = spec.commandLine().getOut();
        o.printf("wrote %d cases to %s: %d train (%d labelled in train_r10_lab.csv, %d with noisy labels), "
                + "%d valid, %d test; scribbles annotate %.1f%% of voxels%n", s.cases(), s.outDir(), s.train(),
                s.labelled(), s.noisy(), s.valid(), s.test(), 100 * s.scribbleFraction());
        s.csvFiles().forEach((name, path) -> o.println("  " + path));
        return 0;
    }
}
