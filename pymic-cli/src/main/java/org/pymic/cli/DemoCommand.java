package org.pymic.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pymic.core.config.Config;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.metrics.LabelGroup;
import org.pymic.core.metrics.Summary;
import org.pymic.io.eval.Evaluation;
import org.pymic.io.image.AtomicFiles;
import org.pymic.io.eval.EvaluationOptions;
import org.pymic.io.eval.EvaluationResult;
import org.pymic.io.synth.SyntheticDataset;
import org.pymic.io.synth.SyntheticSummary;
import org.pymic.train.TrainingSummary;
import org.pymic.train.infer.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pymic demo}: the whole pipeline on built-in synthetic data: synthesise a cardiac MRI set,
 * train a 2D UNet fully supervised, segment the test cases and evaluate them. Everything it writes
 * (data, config, model, results, metrics CSV) stays in {@code --out} for inspection.
 */
@Command(name = "demo", description = {"Synthesise cardiac MRI, train a 2D UNet on it, segment and evaluate the test cases.",
        "Prints Dice, HD95 and ASSD per structure; all files (including the config, demo.cfg) stay in --out."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "pymic-demo", paramLabel = "DIR", description = "Work folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--cases", paramLabel = "N", defaultValue = "50", description = "Synthetic cases (default ${DEFAULT-VALUE}).")
    int cases;

    @Option(names = "--size", paramLabel = "N", defaultValue = "96", description = "Image size (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--iters", paramLabel = "N", defaultValue = "800", description = "Training iterations (default ${DEFAULT-VALUE}).")
    int iters;

    @Option(names = "--seed", paramLabel = "K", defaultValue = "1", description = "Data seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        Path outDir = out.toAbsolutePath().normalize();
        Path data = outDir.resolve("data");
        o.printf("1/4 synthesising %d cases of %dx%d into %s%n", cases, size, size, data);
        o.flush();
        SyntheticSummary s = SyntheticDataset.write(data, SyntheticDataset.Options.defaults()
                .cases(cases).size(size).dim(2).seed(seed));

        Path cfgFile = outDir.resolve("demo.cfg");
        writeConfig(cfgFile, data, outDir);
        Config cfg = CheckedConfig.require(Config.load(cfgFile), spec.commandLine().getErr());

        o.printf("2/4 training a 2D UNet on %d cases (%d validation) for %d iterations; config %s%n",
                s.train(), s.valid(), iters, cfgFile);
        o.flush();
        TrainingSummary ts = TrainCommand.train(cfg, System.console() != null);
        if (ts.interrupted()) {
            throw new PymicException(ExitCode.INTERRUPTED, "demo " + TrainCommand.interruptedLine(ts, cfg, cfgFile, List.of()));
        }
        o.printf("    best validation Dice %.4f at iteration %d%n", ts.bestValidDice(), ts.bestIteration());

        o.printf("3/4 segmenting %d test cases%n", s.test());
        o.flush();
        List<Path> written = Predictor.run(cfg);

        o.printf("4/4 evaluating %d segmentations%n", written.size());
        EvaluationOptions eo = EvaluationOptions.fromConfig(cfg);
        EvaluationResult r = Evaluation.withFiles().run(eo).get(0);
        printTable(o, r);
        o.printf("per-case values: %s%ntotal time %.0f s%n", eo.csvPath(r.segmentation()),
                (System.nanoTime() - t0) / 1e9);
        o.println(ReportCommand.hint(outDir.toString(), null));
        return 0;
    }

    private void writeConfig(Path cfgFile, Path data, Path outDir) throws IOException {
        String template;
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo.cfg")) {
            if (in == null) {
                throw new IllegalStateException("demo.cfg resource missing from the build");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String text = template.replace("${DATA}", data.toString()).replace("${OUT}", outDir.toString())
                .replace("${ITERS}", Integer.toString(iters));
        AtomicFiles.writeString(cfgFile, text);
    }

    static void printTable(PrintWriter o, EvaluationResult r) {
        String[] names = {"", "RV", "Myo", "LV"};
        o.printf("%n%-12s", "structure");
        for (String m : r.metrics()) {
            o.printf(" %16s", m);
        }
        o.println();
        double meanDice = 0;
        for (LabelGroup g : r.groups()) {
            int l = g.labels().length == 1 ? g.labels()[0] : -1;
            o.printf("%-12s", l > 0 && l < names.length ? l + " " + names[l] : g.name());
            for (String m : r.metrics()) {
                Summary s = r.summary(m, g);
                o.printf(" %8.3f ± %5.3f", s.mean(), s.std());
                if (m.equals("dice")) {
                    meanDice += s.mean() / r.groups().size();
                }
            }
            o.println();
        }
        o.printf("%-12s %8.3f%n%n", "mean Dice", meanDice);
        o.println("(HD95 and ASSD in mm)");
    }
}
