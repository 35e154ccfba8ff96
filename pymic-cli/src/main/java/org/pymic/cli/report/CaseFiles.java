package org.pymic.cli.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigSection;

/**
 * Finds the files of an evaluated case from its name (the segmentation's file name in the eval CSV),
 * the files the eval CSV recorded for it, and the config as run. The segmentation: in the folder given
 * with {@code pymic report --seg}, else the file the eval CSV recorded, else beside the eval CSV,
 * else in {@code [evaluation] segmentation_folder}, else {@code [testing] output_dir}. The ground
 * truth: the file the eval CSV recorded, else in {@code [evaluation] ground_truth_folder}, else the
 * test list's label. The image: from the test list ({@code [dataset] test_csv} under
 * {@code test_dir}, else {@code train_dir}), the row whose output name is the case name. What cannot
 * be found is null, with the places looked at in {@link Found#note()}.
 */
public final class CaseFiles {
    /** The files of one case; any may be null, {@code note} then says where they were looked for. */
    public record Found(Path image, Path groundTruth, Path segmentation, String note) {
        public boolean complete() {
            return image != null && groundTruth != null && segmentation != null;
        }
    }

    private final Config config;
    private final EvalTable table;
    private final Path segFolder;
    private final Map<String, String[]> testRows = new LinkedHashMap<>();
    private String testListNote;

    /**
     * The files of the cases of {@code table}; {@code segFolder}, when not null, is where the user
     * says this run's segmentations are, and is looked at first.
     */
    public CaseFiles(Config config, EvalTable table, Path segFolder) {
        this.config = config;
        this.table = table;
        this.segFolder = segFolder;
        readTestList();
    }

    private void readTestList() {
        if (config == null) {
            testListNote = "the run has no checkpoint, so no config as run";
            return;
        }
        ConfigSection ds = config.section("dataset");
        ConfigSection test = config.section("testing");
        String csv = ds.getString("test_csv", null);
        if (csv == null) {
            testListNote = "[dataset] test_csv is not set";
            return;
        }
        String root = ds.getString("test_dir", ds.getString("train_dir", ds.getString("root_dir", null)));
        Path file = Path.of(csv);
        if (!Files.isRegularFile(file) && root != null && Files.isRegularFile(Path.of(root).resolve(csv))) {
            file = Path.of(root).resolve(csv);
        }
        if (!Files.isRegularFile(file)) {
            testListNote = "test list " + csv + " not found";
            return;
        }
        List<List<String>> rows = Csv.read(file);
        List<String> header = rows.get(0);
        int label = header.indexOf("label");
        String from = test.getString("filename_replace_source", null);
        String to = test.getString("filename_replace_target", null);
        Path base = root == null ? Path.of("") : Path.of(root);
        for (List<String> r : rows.subList(1, rows.size())) {
            if (r.isEmpty() || r.get(0).isEmpty()) {
                continue;
            }
            Path img = base.resolve(r.get(0));
            String name = img.getFileName().toString();
            if (from != null && to != null) {
                name = name.replace(from, to);
            }
            String lab = label >= 0 && label < r.size() && !r.get(label).isEmpty() ? base.resolve(r.get(label)).toString()
                    : null;
            testRows.put(name, new String[] {img.toString(), lab});
        }
    }

    public Found find(String caseName) {
        List<String> notes = new ArrayList<>();
        int at = table.cases().indexOf(caseName);
        Path recordedSeg = at < 0 ? null : table.segmentation(at);
        Path recordedGt = at < 0 ? null : table.groundTruth(at);
        Path seg = segFolder != null && Files.isRegularFile(segFolder.resolve(caseName)) ? segFolder.resolve(caseName)
                : recordedSeg != null && Files.isRegularFile(recordedSeg) ? recordedSeg
                : first(caseName, segFolders(), notes, "segmentation", recordedSeg);
        if (seg == null && recordedSeg == null && segFolder == null) {
            notes.add("the eval CSV records no files (written before pymic eval recorded them): give the"
                    + " segmentation folder with pymic report --seg, or run pymic eval again");
        }
        String[] row = testRows.get(caseName);
        List<Path> gtFolders = new ArrayList<>();
        if (config != null && config.section("evaluation").getString("ground_truth_folder",
                config.section("evaluation").getString("ground_truth_folder_root", null)) != null) {
            gtFolders.add(Path.of(config.section("evaluation").getString("ground_truth_folder",
                    config.section("evaluation").getString("ground_truth_folder_root", null))));
        }
        Path gt = recordedGt != null && Files.isRegularFile(recordedGt) ? recordedGt
                : first(caseName, gtFolders, new ArrayList<>(), "ground truth", null);
        if (gt == null && row != null && row[1] != null && Files.isRegularFile(Path.of(row[1]))) {
            gt = Path.of(row[1]);
        }
        if (gt == null) {
            notes.add("ground truth of " + caseName + " not found (looked "
                    + (recordedGt == null ? "" : "at " + recordedGt + " as the eval CSV recorded, ")
                    + "in [evaluation] ground_truth_folder and the test list's label column)");
        }
        Path image = row != null && Files.isRegularFile(Path.of(row[0])) ? Path.of(row[0]) : null;
        if (image == null) {
            notes.add(row == null ? "image of " + caseName + " not found: no row of the test list names it"
                    + (testListNote == null ? "" : " (" + testListNote + ")") : "image " + row[0] + " not found");
        }
        return new Found(image, gt, seg, String.join("; ", notes));
    }

    private List<Path> segFolders() {
        List<Path> f = new ArrayList<>();
        if (segFolder != null) {
            f.add(segFolder);
        }
        Path evalCsv = table.file();
        if (evalCsv != null && evalCsv.toAbsolutePath().getParent() != null) {
            f.add(evalCsv.toAbsolutePath().getParent());
        }
        if (config != null) {
            List<String> segs = config.section("evaluation").has("segmentation_folder")
                    ? config.section("evaluation").getStringList("segmentation_folder")
                    : config.section("evaluation").getStringList("segmentation_folder_root");
            if (segs != null) {
                segs.forEach(s -> f.add(Path.of(s)));
            }
            String out = config.section("testing").getString("output_dir", null);
            if (out != null) {
                f.add(Path.of(out));
            }
        }
        return f;
    }

    private static Path first(String name, List<Path> folders, List<String> notes, String what, Path recorded) {
        for (Path f : folders) {
            Path p = f.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        notes.add(what + " of " + name + " not found (looked "
                + (recorded == null ? "" : "at " + recorded + " as the eval CSV recorded, and ") + "in " + folders + ")");
        return null;
    }
}
