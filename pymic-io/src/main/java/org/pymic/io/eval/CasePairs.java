package org.pymic.io.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.io.data.CaseList;
import org.pymic.io.image.ImageFormat;

/**
 * Finds the (ground truth, segmentation) file pairs to evaluate, in one of three ways:
 * <ul>
 *   <li>two files: one case;</li>
 *   <li>a segmentation folder (or file) and a ground-truth folder: every image file of the
 *       segmentation folder, sorted by name, with the ground-truth file of the same name
 *       (PyMIC's behaviour without {@code evaluation_image_pair}); the further maps {@code pymic infer}
 *       writes beside a label map of that folder ({@link OutputMaps}) are skipped when they have no
 *       ground truth of their own;</li>
 *   <li>a pairs CSV as PyMIC's {@code evaluation_image_pair}: a header row, then rows whose first
 *       column is the ground-truth name and second the segmentation name, resolved against the
 *       ground-truth and segmentation folders when given.</li>
 * </ul>
 */
public final class CasePairs {
    private CasePairs() {
    }

    /** The pairs for ground truth {@code gt} (file or folder), segmentation {@code seg} (file or folder) and optional CSV. */
    public static List<CasePair> resolve(Path gt, Path seg, Path pairsCsv) {
        if (pairsCsv != null) {
            return fromCsv(pairsCsv, gt, seg);
        }
        if (gt == null || seg == null) {
            throw PymicException.config("evaluation needs a ground truth and a segmentation (file or folder),"
                    + " or a pairs CSV");
        }
        if (!Files.exists(seg)) {
            throw PymicException.input(seg + ": segmentation file or folder not found");
        }
        if (!Files.exists(gt)) {
            throw PymicException.input(gt + ": ground-truth file or folder not found");
        }
        if (Files.isRegularFile(seg)) {
            Path g = Files.isDirectory(gt) ? gt.resolve(seg.getFileName().toString()) : gt;
            return List.of(pair(seg.getFileName().toString(), g, seg));
        }
        if (!Files.isDirectory(gt)) {
            throw PymicException.config(seg + " is a folder but ground truth " + gt
                    + " is a file: give two files or two folders");
        }
        List<CasePair> out = new ArrayList<>();
        List<Path> files = imageFiles(seg);
        java.util.Set<String> names = new java.util.HashSet<>();
        files.forEach(f -> names.add(f.getFileName().toString()));
        for (Path s : files) {
            String name = s.getFileName().toString();
            if (!Files.exists(gt.resolve(name)) && isFurtherMap(name, names)) {
                continue;
            }
            out.add(pair(name, gt.resolve(name), s));
        }
        if (out.isEmpty()) {
            throw PymicException.input(seg + ": no image files to evaluate in this folder");
        }
        return out;
    }

    /**
     * Whether {@code name} is one of the maps {@code pymic infer} writes beside a label map that is in the
     * same folder ({@link OutputMaps}); such a file has no ground truth of its own.
     */
    private static boolean isFurtherMap(String name, java.util.Set<String> names) {
        String ext = ImageFormat.extension(name);
        String stem = OutputMaps.labelMapStem(name.substring(0, name.length() - ext.length()));
        return stem != null && names.contains(stem + ext);
    }

    private static CasePair pair(String name, Path g, Path s) {
        if (!Files.isRegularFile(g)) {
            throw PymicException.input(s + ": no ground truth " + g + " (matched by file name)");
        }
        return new CasePair(name, g, s);
    }

    /** Image files (by extension) directly in {@code dir}, sorted by name; hidden files are skipped. */
    static List<Path> imageFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(CasePairs::isImage)
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw PymicException.input(dir + ": cannot list folder: " + e.getMessage(), e);
        }
    }

    private static boolean isImage(Path p) {
        try {
            ImageFormat.of(p);
            return true;
        } catch (PymicException e) {
            return false;
        }
    }

    static List<CasePair> fromCsv(Path csv, Path gtDir, Path segDir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw PymicException.input(csv + ": pairs CSV not found");
        } catch (IOException e) {
            throw PymicException.input(csv + ": cannot read pairs CSV: " + e.getMessage(), e);
        }
        List<CasePair> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) { // row 1 is the header, as pandas reads it
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = CaseList.split(line);
            if (cells.size() < 2 || cells.get(0).isBlank() || cells.get(1).isBlank()) {
                throw new PymicException(ExitCode.DATA, csv + ": row " + (i + 1)
                        + ": expected 'ground truth, segmentation' names, got '" + line + "'");
            }
            String g = cells.get(0).strip();
            String s = cells.get(1).strip();
            Path gp = gtDir == null ? Path.of(g) : gtDir.resolve(g);
            Path sp = segDir == null ? Path.of(s) : segDir.resolve(s);
            if (!Files.isRegularFile(sp)) {
                throw PymicException.input(csv + ": row " + (i + 1) + ": segmentation " + sp + " not found");
            }
            if (!Files.isRegularFile(gp)) {
                throw PymicException.input(csv + ": row " + (i + 1) + ": ground truth " + gp + " not found");
            }
            out.add(new CasePair(s, gp, sp));
        }
        if (out.isEmpty()) {
            throw new PymicException(ExitCode.DATA, csv + ": no case rows after the header");
        }
        return out;
    }
}
