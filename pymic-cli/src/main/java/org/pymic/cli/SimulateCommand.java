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
@Command(name = "simulate", description = {"Simulate scribbles (4 = not annotated style: max label + 1) or noisy",
        "labels from every label map in a folder, keeping each file's geometry."})
final class SimulateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "KIND", description = "scribbles or noise")
    String kind;

    @Option(names = "--labels", required = true, paramLabel = "DIR")
    Path labels;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--seed", defaultValue = "1")
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
