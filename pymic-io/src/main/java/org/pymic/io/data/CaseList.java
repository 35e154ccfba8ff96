package org.pymic.io.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.pymic.core.error.PymicException;

/**
 * A PyMIC case list: a CSV file with a header row, the first {@code modal_num} columns holding image
 * paths (one per modality), then the label path (the column named {@code label}, else the column
 * after the images) and optionally a {@code pixel_weight} column. Paths are relative to a root folder
 * ({@code train_dir} / {@code root_dir}). Every listed file must exist; errors name the CSV file, the
 * row (1-based, the header is row 1) and the missing file, every missing file at once. An empty label cell
 * means no label. PyMIC reads the images by position but the label, pixel weight and image weight by
 * their column names; a header with other names is read as above and noted in {@link #warnings()}.
 */
public final class CaseList {

    /** One row: image paths (one per modality), label and weight paths (null when absent). */
    public record Case(int row, String name, List<Path> images, Path label, Path weight) {
    }

    /** A problem of one row of the file (the header is row 1): {@code csv:row N: message}. */
    public record RowProblem(Path csv, int row, String message) {
        /** {@code csv:row N}. */
        public String location() {
            return csv + ":row " + row;
        }

        @Override
        public String toString() {
            return location() + ": " + message;
        }
    }

    /** PyMIC's column names besides the images (pymic/io/nifty_dataset.py). */
    public static final List<String> PYMIC_COLUMNS = List.of("label", "pixel_weight", "image_weight");

    private final Path csv;
    private final List<Case> cases;
    private final List<RowProblem> missing;
    private final List<RowProblem> warnings;

    private CaseList(Path csv, List<Case> cases, List<RowProblem> missing, List<RowProblem> warnings) {
        this.csv = csv;
        this.cases = Collections.unmodifiableList(cases);
        this.missing = List.copyOf(missing);
        this.warnings = List.copyOf(warnings);
    }

    /** A list built in code (tests, synthetic data); rows are numbered from 2 as in a file. */
    public static CaseList of(Path csv, List<Case> cases) {
        return new CaseList(csv, new ArrayList<>(cases), List.of(), List.of());
    }

    /**
     * Reads and checks {@code csv}; {@code root} may be null (paths then relative to the working folder).
     * Throws when a listed file is missing, naming every missing file with its row.
     */
    public static CaseList read(Path csv, Path root, int modalNum) {
        CaseList l = scan(csv, root, modalNum);
        if (!l.missing.isEmpty()) {
            List<String> lines = l.missing.stream().map(RowProblem::toString).toList();
            throw PymicException.input(String.join("\n", lines.size() <= MAX_LISTED ? lines : lines.subList(0, MAX_LISTED))
                    + (lines.size() <= 1 ? "" : "\n" + csv + ": " + lines.size() + " listed files not found"));
        }
        return l;
    }

    /** Missing files listed at most in one message. */
    private static final int MAX_LISTED = 20;

    /**
     * As {@link #read} but a missing file is not thrown: it is in {@link #missing()} and its row is left out
     * of the cases. A file that cannot be read or a malformed row still throws.
     */
    public static CaseList scan(Path csv, Path root, int modalNum) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw PymicException.input(csv + ": cannot read case list (" + e.getMessage() + ")", e);
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw PymicException.data(csv + ":row 1: missing header row (e.g. image,label)");
        }
        if (modalNum < 1) {
            throw PymicException.config("[dataset] modal_num must be at least 1, got " + modalNum);
        }
        List<String> header = split(stripBom(lines.get(0)));
        if (header.size() < modalNum) {
            throw PymicException.data(csv + ":row 1: header has " + header.size() + " column(s) but modal_num = "
                    + modalNum + " image columns are expected");
        }
        int labelCol = indexOf(header, "label");
        if (labelCol < 0 && header.size() > modalNum && !isExtra(header.get(modalNum))) {
            labelCol = modalNum;
        }
        int weightCol = indexOf(header, "pixel_weight");
        List<RowProblem> warnings = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).toLowerCase(Locale.ROOT);
            if (i < modalNum ? !h.startsWith("image") : !PYMIC_COLUMNS.contains(h)) {
                foreign.add(header.get(i));
            }
        }
        if (!foreign.isEmpty()) {
            warnings.add(new RowProblem(csv, 1, "header '" + String.join(",", header) + "': column(s) " + foreign
                    + " are not PyMIC's (" + modalNum + " image column(s), then label, pixel_weight, image_weight)"
                    + (labelCol >= 0 && indexOf(header, "label") < 0 ? "; PyMIC finds the label by the name 'label'"
                    + " and would read none, pymic reads column " + (labelCol + 1) + " '" + header.get(labelCol)
                    + "' as the label" : "")));
        }
        List<RowProblem> missing = new ArrayList<>();
        List<Case> cases = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int row = i + 1;
            List<String> cells = split(line);
            if (cells.size() < modalNum) {
                throw PymicException.data(csv + ":row " + row + ": " + cells.size() + " column(s), expected at least "
                        + modalNum + " image path(s)");
            }
            int before = missing.size();
            List<Path> images = new ArrayList<>();
            for (int m = 0; m < modalNum; m++) {
                images.add(existing(csv, row, root, cells.get(m), header.get(m), missing));
            }
            Path label = cell(cells, labelCol) == null ? null
                    : existing(csv, row, root, cells.get(labelCol), "label", missing);
            Path weight = cell(cells, weightCol) == null ? null
                    : existing(csv, row, root, cells.get(weightCol), "pixel_weight", missing);
            if (missing.size() == before) {
                cases.add(new Case(row, cells.get(0), images, label, weight));
            }
        }
        return new CaseList(csv, cases, missing, warnings);
    }

    private static String cell(List<String> cells, int col) {
        if (col < 0 || col >= cells.size() || cells.get(col).isBlank()) {
            return null;
        }
        return cells.get(col);
    }

    private static boolean isExtra(String h) {
        String l = h.toLowerCase(Locale.ROOT);
        return l.equals("pixel_weight") || l.equals("image_weight");
    }

    private static int indexOf(List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).trim().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Path existing(Path csv, int row, Path root, String rel, String column, List<RowProblem> missing) {
        Path p;
        try {
            p = root == null ? Path.of(rel) : root.resolve(rel);
        } catch (InvalidPathException e) {
            // e.g. a NUL byte (fuzzing found it): no file can have this name
            throw PymicException.data(csv + ":row " + row + ": " + column + " path '" + printable(rel)
                    + "' is not a valid file name here (" + e.getReason() + ")");
        }
        if (!Files.isRegularFile(p)) {
            missing.add(new RowProblem(csv, row, column + " file '" + rel + "' not found (looked for " + p + ")"));
        }
        return p;
    }

    /** {@code s} with control characters as {@code \\uXXXX}, for messages. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /**
     * Splits a CSV line on commas, honouring double quotes ({@code ""} inside quotes is a quote); cells are
     * trimmed. The one splitter of the project's CSV files: case lists, pairs lists, metrics and eval tables.
     */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().trim());
        return out;
    }

    public Path csv() {
        return csv;
    }

    public List<Case> cases() {
        return cases;
    }

    public int size() {
        return cases.size();
    }

    /** The listed files that do not exist (empty for a list from {@link #read}). */
    public List<RowProblem> missing() {
        return missing;
    }

    /** What the header says that PyMIC would read differently (a header that is not PyMIC's). */
    public List<RowProblem> warnings() {
        return warnings;
    }

    public Case get(int i) {
        return cases.get(i);
    }
}
