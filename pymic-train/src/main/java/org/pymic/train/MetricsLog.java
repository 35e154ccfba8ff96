package org.pymic.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * The per-run metrics file (CSV), one row per validation round: iteration, the mean of each logged loss
 * term, learning rate, validation mean foreground Dice and per-class Dice, and the mean step timing.
 * The header is fixed by the first row; a resumed run appends to the existing file.
 */
public final class MetricsLog implements AutoCloseable {
    private final Path file;
    private BufferedWriter out;
    private List<String> lossKeys;
    private int classNum;

    public MetricsLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Appends a row; the first call writes the header when the file is new. */
    public void append(int iteration, Map<String, Double> losses, double lr, double validDice, double[] classDice,
                       StepTiming timing) {
        try {
            if (out == null) {
                boolean exists = Files.isRegularFile(file) && Files.size(file) > 0;
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                lossKeys = List.copyOf(losses.keySet());
                classNum = classDice.length;
                if (!exists) {
                    StringBuilder h = new StringBuilder("iteration");
                    lossKeys.forEach(k -> h.append(",train_").append(k));
                    h.append(",lr,valid_avg_fg_dice");
                    for (int c = 0; c < classNum; c++) {
                        h.append(",valid_dice_").append(c);
                    }
                    h.append(",data_ms,forward_ms,backward_ms,update_ms");
                    out.write(h.toString());
                    out.newLine();
                }
            }
            StringBuilder r = new StringBuilder().append(iteration);
            for (String k : lossKeys) {
                r.append(',').append(num(losses.getOrDefault(k, Double.NaN)));
            }
            r.append(',').append(num(lr)).append(',').append(num(validDice));
            for (int c = 0; c < classNum; c++) {
                r.append(',').append(num(c < classDice.length ? classDice[c] : Double.NaN));
            }
            r.append(',').append(num(timing.dataMs())).append(',').append(num(timing.forwardMs()))
                    .append(',').append(num(timing.backwardMs())).append(',').append(num(timing.updateMs()));
            out.write(r.toString());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new PymicException(ExitCode.OUTPUT, file + ": cannot write metrics: " + e.getMessage(), e);
        }
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing left to save
            }
        }
    }
}
