package org.pymic.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pymic.core.config.CheckReport;
import org.pymic.core.config.CheckSummary;
import org.pymic.core.error.PymicException;
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
@Command(name = "check", description = "Validate a config (PyMIC INI or JSON) without running it.")
final class CheckCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions common;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG")
    Path file;

    @Override
    public Integer call() {
        Config cfg = common.load(file);
        CheckReport report = new CheckReport(cfg, ConfigChecker.check(cfg, Registry.global()));
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
            if (cfg.section("training").has("iter_max")) {
                // the plan pymic train runs: what only a resolution of the whole config can find (a method's
                // streams without their case list, a case list that cannot be read) fails here, not at train
                try {
                    out.print(RunPlan.resolve(cfg).describe());
                } catch (PymicException e) {
                    out.flush();
                    err.println(e.getMessage());
                    err.println(file + ": 1 error");
                    return e.exitCode().code();
                }
            }
            out.flush();
        } else {
            err.println(file + ": " + report.errors().size() + " error" + (report.errors().size() == 1 ? "" : "s"));
        }
        return report.exitCode().code();
    }
}
