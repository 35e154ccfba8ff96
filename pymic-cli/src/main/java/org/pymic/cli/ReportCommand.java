package org.pymic.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pymic.cli.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pymic report RUN_DIR... [--eval CSV]... [--seg DIR]... --out FILE}: one self-contained HTML page with the
 * runs' provenance, training curves, evaluation tables, box plots and overlays, and a comparison
 * when there are several runs ({@link Report}).
 */
@Command(name = "report", description = {"Write one self-contained HTML page about training runs and their evaluations.",
        "It shows provenance, training curves, per-case tables, box plots, overlays of the worst,",
        "median and best case, and a comparison when there are several runs. See docs/report.md."})
final class ReportCommand implements Callable<Integer> {
    /** The line {@code train} and {@code eval} end with. */
    static String hint(String runDir, String evalCsv) {
        return "report: pymic report " + TrainCommand.shellWord(runDir)
                + (evalCsv == null ? "" : " --eval " + TrainCommand.shellWord(evalCsv)) + " --out report.html";
    }

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "The ckpt_dir of a training run, or a folder holding it.")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--eval", paramLabel = "CSV", description = "Per-case CSV written by pymic eval (repeatable: one per run, in the runs' order).")
    List<Path> evals = new ArrayList<>();

    @Option(names = "--seg", paramLabel = "DIR", description = {"Folder of a run's segmentations, for the overlays"
            + " when the eval CSV does not record its files (repeatable: one per run, in the runs' order)."})
    List<Path> segs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "report.html", description = "HTML file to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        String v = Main.class.getPackage().getImplementationVersion();
        Report.Written w = Report.write(runs, evals, segs, out, v == null ? "dev" : v);
        spec.commandLine().getOut().printf("wrote %s: %d run%s, %d evaluation table%s%n", w.file(), w.runs(),
                w.runs() == 1 ? "" : "s", w.evals(), w.evals() == 1 ? "" : "s");
        return 0;
    }
}
