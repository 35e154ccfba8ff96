package org.pymic.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.io.data.CaseList;

/** The small CSV dialect pymic writes: a header, comma-separated cells, double quotes around cells with commas. */
final class Csv {
    private Csv() {
    }

    /** Rows of the file, header first; blank lines are skipped. */
    static List<List<String>> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PymicException(ExitCode.INPUT, file + ": cannot read (" + e.getMessage() + ")", e);
        }
        List<List<String>> rows = new ArrayList<>();
        for (String l : lines) {
            if (!l.isBlank()) {
                rows.add(split(l));
            }
        }
        if (rows.isEmpty()) {
            throw new PymicException(ExitCode.INPUT, file + ": empty, expected a header line");
        }
        return rows;
    }

    static List<String> split(String line) {
        return CaseList.split(line);
    }

    /** A cell as a number: empty, {@code nan} or unparsable cells are NaN; {@code inf} is infinity. */
    static double number(String cell) {
        if (cell == null || cell.isEmpty()) {
            return Double.NaN;
        }
        switch (cell.toLowerCase(java.util.Locale.ROOT)) {
            case "nan": return Double.NaN;
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
        }
    }
}
