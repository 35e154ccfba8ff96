package org.pymic.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pymic.io.synth.AnnotationSimulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pymic simulate scribbles|noise}: imperfect annotations from a folder of dense label maps. */
@Command(name = "simulate", description = {"Simulate scribbles or noisy labels from every label map in a folder.",
        "Outputs keep each file's name and geometry; in scribbles, voxels left unannotated get the",
        "largest label + 1 (4 for labels 0 to 3)."})
final class SimulateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "KIND", description = "What to simulate: scribbles or noise.")
    String kind;

    @Option(names = "--labels", required = true, paramLabel = "DIR",
            description = "Folder of dense label maps (every image file in it is read).")
    Path labels;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder (created when missing).")
    Path out;

    @Option(names = "--seed", paramLabel = "K", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        AnnotationSimulation.Kind k = AnnotationSimulation.Kind.parse(kind);
        AnnotationSimulation.Result r = AnnotationSimulation.simulate(k, labels, out,
                AnnotationSimulation.Options.defaults().seed(seed));
        spec.commandLine().getOut().printf("%s: %d label files, %d changed, written to %s%n",
                k.name().toLowerCase(), r.files(), r.changed(), out);
        return 0;
    }
}
