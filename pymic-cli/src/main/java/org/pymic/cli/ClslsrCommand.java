package org.pymic.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.label.ConfidentLearning;
import org.pymic.io.data.CaseList;
import org.pymic.io.image.AtomicFiles;
import org.pymic.io.image.ImageFiles;
import org.pymic.train.Preflight;
import org.pymic.train.infer.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pymic clslsr CONFIG}: the first stage of CL-SLSR (PyMIC's {@code clslsr_get_confidence.py}).
 * The model a config trained (its {@code [testing]} checkpoint) predicts every case of {@code [dataset]
 * train_csv}; confident learning ({@link ConfidentLearning}, cleanlab's {@code prune_method='both'})
 * over all their pixels flags the labels it finds wrong; each case gets a map (255 flagged, 0 kept) and
 * a new list {@code NAME_clslsr.csv} adds them as a {@code pixel_weight} column, for training with
 * {@code SLSRLoss}.
 */
@Command(name = "clslsr", description = {
        "Flag suspicious training labels by confident learning (the first stage of CL-SLSR).",
        "The config's trained model predicts every case of [dataset] train_csv, cleanlab's rule (prune_method 'both') flags the",
        "pixels whose label it finds wrong, and each case gets a pixel-weight map (255 flagged, 0 kept).",
        "Writes the maps to --out (default TRAIN_DIR/slsr_conf) and NAME_clslsr.csv next to train_csv",
        "with columns image, pixel_weight, label: train on it with loss_type = SLSRLoss."})
final class ClslsrCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions common;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", description = ConfigOptions.CONFIG)
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder of the pixel-weight maps (default TRAIN_DIR/slsr_conf).")
    Path out;

    @Override
    public Integer call() {
        Config cfg = CheckedConfig.require(common.load(file), spec.commandLine().getErr(), Set.of(Preflight.Phase.INFER));
        ConfigSection ds = cfg.section("dataset");
        String rootKey = ds.getString("train_dir", ds.getString("root_dir", null));
        Path root = Path.of(rootKey == null ? "." : rootKey).toAbsolutePath().normalize();
        Path csv = org.pymic.train.TrainingRun.caseListPath(ds, "train_csv", true);
        int[] convert = labelConvert(ds);
        List<CaseList.Case> cases = new ArrayList<>();
        List<Volume> grids = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        List<float[]> probs = new ArrayList<>();
        int[] k = {0};
        Predictor.probabilities(cfg, "train_csv", (cs, prob) -> {
            if (cs.label() == null) {
                throw PymicException.data(csv + ":row " + cs.row() + ": confident learning needs the label of every case");
            }
            Volume lab = ImageFiles.read(cs.label());
            int n = lab.voxels();
            if (lab.channels() != 1 || n != prob.voxels()) {
                throw PymicException.data(cs.label() + ": the label (" + lab.channels() + " channel(s), " + n
                        + " voxels) does not match its image's prediction (" + prob.voxels() + " voxels)");
            }
            k[0] = prob.channels();
            int[] s = new int[n];
            for (int i = 0; i < n; i++) {
                int v = Math.round(lab.data()[i]);
                s[i] = convert == null ? v : convert(convert, v);
                if (s[i] < 0 || s[i] >= k[0]) {
                    throw PymicException.data(cs.label() + ": label " + v + " outside the " + k[0]
                            + " classes (set LabelConvert_source_list / LabelConvert_target_list)");
                }
            }
            float[] p = new float[n * k[0]];
            for (int c = 0; c < k[0]; c++) {
                for (int i = 0; i < n; i++) {
                    p[i * k[0] + c] = prob.data()[c * n + i];
                }
            }
            cases.add(cs);
            grids.add(lab);
            labels.add(s);
            probs.add(p);
        });
        int total = labels.stream().mapToInt(a -> a.length).sum();
        int[] s = new int[total];
        float[] p = new float[total * k[0]];
        int off = 0;
        for (int i = 0; i < labels.size(); i++) {
            System.arraycopy(labels.get(i), 0, s, off, labels.get(i).length);
            System.arraycopy(probs.get(i), 0, p, off * k[0], probs.get(i).length);
            off += labels.get(i).length;
        }
        probs.clear();
        ConfidentLearning.Result r = ConfidentLearning.find(s, p, k[0]);
        Path dir = out == null ? root.resolve("slsr_conf") : out.toAbsolutePath().normalize();
        StringBuilder list = new StringBuilder("image,pixel_weight,label\n");
        var o = spec.commandLine().getOut();
        off = 0;
        for (int i = 0; i < cases.size(); i++) {
            CaseList.Case cs = cases.get(i);
            Volume lab = grids.get(i);
            int n = lab.voxels();
            float[] w = new float[n];
            int flagged = 0;
            for (int j = 0; j < n; j++) {
                if (r.noisy()[off + j]) {
                    w[j] = 255;
                    flagged++;
                }
            }
            off += n;
            Path target = dir.resolve(cs.label().getFileName().toString());
            if (target.equals(cs.label().toAbsolutePath().normalize())) {
                throw new PymicException(ExitCode.USAGE, target + ": the map would overwrite the label; choose another --out");
            }
            ImageFiles.write(lab.withData(w, 1), target, "uint8");
            list.append(relative(root, cs.images().get(0))).append(',').append(relative(root, target)).append(',')
                    .append(relative(root, cs.label())).append('\n');
            o.printf(Locale.ROOT, "  %s: %d of %d pixels flagged (%.2f%%)%n", cs.name(), flagged, n, 100.0 * flagged / n);
        }
        Path listFile = csv.resolveSibling(csv.getFileName().toString().replaceFirst("(?i)\\.csv$", "") + "_clslsr.csv");
        AtomicFiles.write(listFile, os -> os.write(list.toString().getBytes(StandardCharsets.UTF_8)));
        StringBuilder th = new StringBuilder();
        for (double t : r.thresholds()) {
            th.append(th.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", t));
        }
        o.printf(Locale.ROOT, "confident learning on %d cases, %d pixels: %d flagged (%.2f%%), class thresholds %s%n",
                cases.size(), total, r.flagged(), 100.0 * r.flagged() / Math.max(total, 1), th);
        o.printf("  maps in %s%n  list %s (train with loss_type = SLSRLoss)%n", dir, listFile);
        return 0;
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** {@code [dataset] LabelConvert_source_list} and {@code _target_list} as pairs, or null without them. */
    private static int[] labelConvert(ConfigSection ds) {
        if (!ds.has("labelconvert_source_list") || !ds.has("labelconvert_target_list")) {
            return null;
        }
        List<?> src = ds.getList("labelconvert_source_list");
        List<?> dst = ds.getList("labelconvert_target_list");
        if (src.size() != dst.size()) {
            throw PymicException.config("LabelConvert_source_list and LabelConvert_target_list must have the same length");
        }
        int[] pairs = new int[2 * src.size()];
        for (int i = 0; i < src.size(); i++) {
            pairs[2 * i] = ((Number) src.get(i)).intValue();
            pairs[2 * i + 1] = ((Number) dst.get(i)).intValue();
        }
        return pairs;
    }

    /** PyMIC's convert_label: a value not listed becomes 0. */
    private static int convert(int[] pairs, int v) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] == v) {
                return pairs[i + 1];
            }
        }
        return 0;
    }
}
