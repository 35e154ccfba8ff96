package org.pymic.spark;

import java.util.ArrayList;
import java.util.List;
import org.pymic.cli.Main;

/**
 * The child JVM of one sweep run: {@code pymic train}, {@code pymic infer} and (when the config has an
 * {@code [evaluation]} section) {@code pymic eval} of one config with the run's overrides, in one process
 * of its own (engine state, seeds and threads belong to the run). Prints {@code pymic-sweep-stage: NAME}
 * before each stage; exits with the first failing stage's exit code.
 *
 * <p>Arguments: {@code CONFIG EVALUATE(true|false) OVERRIDE...}.
 */
public final class SweepRun {
    /** The line printed before each stage. */
    static final String STAGE = "pymic-sweep-stage: ";

    private SweepRun() {
    }

    public static void main(String[] args) {
        String config = args[0];
        boolean evaluate = Boolean.parseBoolean(args[1]);
        List<String> sets = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            sets.add("--set");
            sets.add(args[i]);
        }
        List<String> stages = evaluate ? List.of("train", "infer", "eval") : List.of("train", "infer");
        for (String stage : stages) {
            System.out.println(STAGE + stage);
            System.out.flush();
            List<String> a = new ArrayList<>(List.of(stage, config));
            a.addAll(sets);
            int code = Main.run(a.toArray(String[]::new));
            if (code != 0) {
                System.out.flush();
                System.exit(code);
            }
        }
        System.exit(0);
    }
}
