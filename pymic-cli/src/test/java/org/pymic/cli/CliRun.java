package org.pymic.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs the command line in-process and captures stdout, stderr and the exit code; or, for tests that
 * signal or kill a run, prepares it in a child JVM ({@link #child}).
 */
record CliRun(int exitCode, String out, String err) {

    /**
     * {@code pymic ARGS} in a child JVM on the tests' class path (1 GB heap, DJL offline), run in
     * {@code work} with stdout and stderr in {@code work/<name>.out} and {@code .err}. {@code prefix}
     * are words before the {@code java} command (e.g. {@code env --default-signal=INT}), {@code jvmFlags}
     * further JVM options.
     */
    static ProcessBuilder child(Path work, String name, List<String> prefix, List<String> jvmFlags, List<String> args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dai.djl.offline=true"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", cp, "org.pymic.cli.Main"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(work.resolve(name + ".out").toFile())
                .redirectError(work.resolve(name + ".err").toFile());
    }

    static CliRun of(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
