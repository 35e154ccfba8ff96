package org.pymic.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.io.image.AtomicFiles;

/**
 * The per-run metrics file (CSV). Columns: {@code iteration}, {@code kind}, the mean of each logged loss
 * term ({@code train_<term>}), {@code lr}, the validation mean foreground Dice and per-class Dice, and the
 * mean step timing. Two kinds of rows share it:
 * <ul>
 *   <li>{@code train}, every {@code iter_log} iterations: loss terms, learning rate and timing averaged
 *       over the iterations since the previous train row; the validation cells are empty;</li>
 *   <li>{@code valid}, after every validation: loss terms and timing averaged over the round since the
 *       previous validation, and the validation scores.</li>
 * </ul>
 * The header is fixed by the first row. A run keeps the rows of an existing file up to the iteration it
 * starts from and drops the later ones (a resumed run continues the file without duplicated iterations;
 * a new run from iteration 0 starts it afresh, and a row cut short by a killed process is dropped);
 * a file with other columns is moved aside to
 * {@code <name>.<start>.old}.
 */
public final class MetricsLog implements AutoCloseable {
    /** Value of the {@code kind} column of training rows. */
    public static final String TRAIN = "train";
    /** Value of the {@code kind} column of validation rows. */
    public static final String VALID = "valid";

    private final Path file;
    private final int start;
    private final int classNum;
    private FileChannel out;
    private List<String> lossKeys;
    /** Fault injection for tests: appends fail once this many more bytes are written; -1 never. */
    long failAfterBytes = -1;

    /**
     * @param start the iteration the run starts from: rows after it are dropped
     * @param classNum number of classes (per-class Dice columns)
     */
    public MetricsLog(Path file, int start, int classNum) {
        this.file = file;
        this.start = start;
        this.classNum = classNum;
    }

    public Path file() {
        return file;
    }

    /** Appends a training row (no validation scores). */
    public void appendTrain(int iteration, Map<String, Double> losses, double lr, StepTiming timing) {
        append(iteration, TRAIN, losses, lr, null, null, timing);
    }

    /** Appends a validation row. */
    public void appendValid(int iteration, Map<String, Double> losses, double lr, double validDice, double[] classDice,
                            StepTiming timing) {
        append(iteration, VALID, losses, lr, validDice, classDice, timing);
    }

    private void append(int iteration, String kind, Map<String, Double> losses, double lr, Double validDice,
                        double[] classDice, StepTiming timing) {
        try {
            if (out == null) {
                lossKeys = List.copyOf(losses.keySet());
                open(header());
            }
            StringBuilder r = new StringBuilder().append(iteration).append(',').append(kind);
            for (String k : lossKeys) {
                r.append(',').append(num(losses.getOrDefault(k, Double.NaN)));
            }
            r.append(',').append(num(lr)).append(',').append(validDice == null ? "" : num(validDice));
            for (int c = 0; c < classNum; c++) {
                r.append(',').append(classDice == null ? "" : num(c < classDice.length ? classDice[c] : Double.NaN));
            }
            r.append(',').append(num(timing.dataMs())).append(',').append(num(timing.forwardMs()))
                    .append(',').append(num(timing.backwardMs())).append(',').append(num(timing.updateMs()));
            r.append(System.lineSeparator());
            appendRow(iteration, r.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PymicException(ExitCode.OUTPUT, file + ": cannot write metrics: " + e.getMessage(), e);
        }
    }

    /**
     * Appends one row; when the write fails midway (disk full), cuts the file back to its length before
     * the row, so the file never holds a partial row, and says so.
     */
    private void appendRow(int iteration, byte[] row) {
        long before;
        try {
            before = out.size();
        } catch (IOException e) {
            throw new PymicException(ExitCode.OUTPUT, file + ": cannot write metrics: " + e.getMessage(), e);
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(row);
            while (b.hasRemaining()) {
                if (failAfterBytes >= 0 && b.remaining() > failAfterBytes) {
                    b.limit(b.position() + (int) failAfterBytes);
                    out.write(b);
                    failAfterBytes = 0;
                    throw new IOException("No space left on device");
                }
                int n = out.write(b);
                if (failAfterBytes >= 0) {
                    failAfterBytes -= n;
                }
            }
        } catch (IOException e) {
            String kept;
            try {
                out.truncate(before);
                out.position(before);
                kept = "the file keeps the rows before it, unchanged";
            } catch (IOException t) {
                e.addSuppressed(t);
                kept = "cutting the partial row off failed too (" + t.getMessage() + "); a resumed run drops it";
            }
            throw new PymicException(ExitCode.OUTPUT, file + ": cannot write the metrics row of iteration " + iteration
                    + " (" + kept + "): " + e.getMessage(), e);
        }
    }

    private String header() {
        StringBuilder h = new StringBuilder("iteration,kind");
        lossKeys.forEach(k -> h.append(",train_").append(k));
        h.append(",lr,valid_avg_fg_dice");
        for (int c = 0; c < classNum; c++) {
            h.append(",valid_dice_").append(c);
        }
        return h.append(",data_ms,forward_ms,backward_ms,update_ms").toString();
    }

    /** Keeps the existing rows up to {@code start} (rewritten atomically), then opens the file to append. */
    private void open(String header) throws IOException {
        List<String> kept = new ArrayList<>();
        kept.add(header);
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.get(0).equals(header)) {
                int cells = header.split(",", -1).length;
                for (String line : lines.subList(1, lines.size())) {
                    Integer it = iterationOf(line);
                    // a row cut short by a killed process has fewer cells (even when its iteration reads right)
                    if (it != null && it <= start && line.split(",", -1).length == cells) {
                        kept.add(line);
                    }
                }
            } else {
                Files.move(file, file.resolveSibling(file.getFileName() + "." + start + ".old"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        AtomicFiles.writeString(file, String.join(System.lineSeparator(), kept) + System.lineSeparator());
        out = FileChannel.open(file, StandardOpenOption.WRITE);
        out.position(out.size());
    }

    private static Integer iterationOf(String line) {
        int comma = line.indexOf(',');
        try {
            return Integer.parseInt(comma < 0 ? line : line.substring(0, comma));
        } catch (NumberFormatException e) {
            return null;
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
