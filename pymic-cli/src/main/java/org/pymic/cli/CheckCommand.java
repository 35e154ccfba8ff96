package org.pymic.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pymic.core.config.CheckReport;
import org.pymic.core.config.CheckSummary;
import org.pymic.train.Preflight;
import org.pymic.train.RunPlan;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigChecker;
import org.pymic.core.config.ConfigProblem;
import org.pymic.core.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pymic check CONFIG}: validates a config without running it. Prints every problem with its
 * place and, when there is no error, a summary of what the config would run and the resolved run plan
 * that {@code pymic train} executes ({@link RunPlan}).
 */
@Command(name = "check", description = {"Validate a config and the data a run reads, without running it.",
        "Prints every problem at once with its place, then a summary and the run plan."})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions common;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", description = ConfigOptions.CONFIG)
    Path file;

    @Override
    public Integer call() {
        Config cfg = common.load(file);
        List<ConfigProblem> problems = new ArrayList<>(ConfigChecker.check(cfg, Registry.global()));
        RunPlan plan = null;
        if (problems.stream().noneMatch(ConfigProblem::isError)) {
            // what only the run's own reading finds (case lists and their files, output folders, the first cases'
            // images and labels, the plan of train): the same checks train and infer run before they start
            Preflight.Result pre = Preflight.check(cfg, Preflight.phases(cfg));
            problems.addAll(pre.problems());
            plan = pre.plan();
        }
        CheckReport report = new CheckReport(cfg, problems);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (ConfigProblem p : report.problems()) {
            err.println(p.format());
        }
        if (report.valid()) {
            out.println(file + ": valid" + (report.warnings().isEmpty() ? ""
                    : " (" + report.warnings().size() + " warning" + (report.warnings().size() == 1 ? "" : "s") + ")"));
            String summary = CheckSummary.of(cfg).text();
            out.print(summary.endsWith("\n") ? summary : summary + "\n");
            if (plan != null) {
                out.print(plan.describe());
            }
            out.flush();
        } else {
            err.println(file + ": " + report.errors().size() + " error" + (report.errors().size() == 1 ? "" : "s"));
        }
        return report.exitCode().code();
    }
}
