package org.pymic.io.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.io.data.CaseList;
import org.pymic.io.image.AtomicFiles;
import org.pymic.io.image.ImageFiles;
import org.pymic.io.image.ImageFormat;

/**
 * PyMIC's noisy-label data preparation ({@code noise_simulate.py} of the JSRT example) on a case list:
 * a fraction of the cases, chosen by the seed, get labels corrupted by a {@link MorphologicalNoise} model,
 * written to a label folder under the file's name; three lists come out next to each other, named after
 * the input list ({@code train.csv} gives {@code train_clean.csv}, {@code train_noise.csv} and
 * {@code train_mix.csv}): the clean cases with their labels, the corrupted cases with the new labels, and
 * both (clean first, as PyMIC's). Rows keep every column of the input; only the label column changes,
 * to a path relative to the data root. Everything depends only on the inputs and the seed.
 */
public final class NoisyLabelLists {
    /** Dice of one corrupted case against its clean label. */
    public record CaseDice(String image, Path label, double meanDice, MorphologicalNoise.Outcome outcome) {
    }

    /**
     * What was written.
     *
     * @param cases rows of the input list
     * @param corrupted per corrupted case, in list order
     * @param clean the clean list, {@code noise} the corrupted one, {@code mix} both
     */
    public record Result(int cases, List<CaseDice> corrupted, Path clean, Path noise, Path mix) {
        /** Mean over the corrupted cases of their mean Dice per structure (1 when none). */
        public double meanDice() {
            return corrupted.stream().mapToDouble(CaseDice::meanDice).average().orElse(1.0);
        }
    }

    private NoisyLabelLists() {
    }

    /**
     * Corrupts {@code round(fraction * n)} cases of {@code list} (paths relative to {@code root}),
     * writing their labels to {@code labelOut} and the lists to {@code listsOut}; {@code report} receives
     * a line per corrupted case.
     */
    public static Result write(Path list, Path root, Path labelOut, Path listsOut, MorphologicalNoise model,
            double fraction, long seed, Consumer<String> report) {
        List<String> lines;
        try {
            lines = Files.readAllLines(list, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw PymicException.input(list + ": cannot read the case list: " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw PymicException.input(list + ": empty case list (a header row image,label is expected)");
        }
        List<String> header = CaseList.split(lines.get(0));
        int labelCol = header.indexOf("label");
        if (labelCol < 0) {
            if (header.size() < 2) {
                throw PymicException.input(list + ": no label column (header: " + lines.get(0) + ")");
            }
            labelCol = 1;
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> row = new ArrayList<>(CaseList.split(lines.get(i)));
            if (row.size() <= labelCol || row.get(labelCol).isBlank()) {
                throw PymicException.input(list + ":row " + (i + 1) + ": no label path");
            }
            rows.add(row);
        }
        boolean[] noisy = NoisyLabelSimulator.builder().fraction(fraction).build().selectNoisy(rows.size(), seed);
        Path absRoot = root.toAbsolutePath().normalize();
        List<List<String>> clean = new ArrayList<>();
        List<List<String>> noise = new ArrayList<>();
        List<CaseDice> corrupted = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (!noisy[i]) {
                clean.add(row);
                continue;
            }
            Path in = absRoot.resolve(row.get(labelCol));
            if (!Files.isRegularFile(in)) {
                throw PymicException.input(list + ":row " + (i + 2) + ": label file not found: " + in);
            }
            String name = in.getFileName().toString();
            Volume label = ImageFiles.read(in);
            if (label.channels() != 1) {
                throw PymicException.data(in + ": a label map must have one channel, found " + label.channels());
            }
            MorphologicalNoise.Outcome o = model.corrupt(label, CaseRandom.mix(seed ^ CaseRandom.key(name)));
            Path target = labelOut.toAbsolutePath().normalize().resolve(name);
            if (target.equals(in.normalize())) {
                throw PymicException.input(target + ": the noisy label would overwrite the clean one; choose another --out");
            }
            ImageFormat format = ImageFormat.of(in);
            if (format == ImageFormat.PNG || format == ImageFormat.BMP) {
                ImageFiles.write(o.label(), target, "uint8");
            } else {
                ImageFiles.write(o.label(), target);
            }
            List<String> out = new ArrayList<>(row);
            out.set(labelCol, absRoot.relativize(target).toString().replace('\\', '/'));
            noise.add(out);
            CaseDice cd = new CaseDice(row.get(0), target, o.meanDice(), o);
            corrupted.add(cd);
            report.accept(describe(row.get(0), o));
        }
        String stem = list.getFileName().toString().replaceFirst("(?i)\\.csv$", "");
        List<List<String>> mix = new ArrayList<>(clean);
        mix.addAll(noise);
        Path pc = writeCsv(listsOut.resolve(stem + "_clean.csv"), header, clean);
        Path pn = writeCsv(listsOut.resolve(stem + "_noise.csv"), header, noise);
        Path pm = writeCsv(listsOut.resolve(stem + "_mix.csv"), header, mix);
        return new Result(rows.size(), List.copyOf(corrupted), pc, pn, pm);
    }

    /** {@code case: 1 dilation r=3 Dice 0.812, 2 edge distortion r=1-2 Dice 0.901; mean Dice 0.857}. */
    static String describe(String name, MorphologicalNoise.Outcome o) {
        List<String> parts = new ArrayList<>();
        for (MorphologicalNoise.Change c : o.changes()) {
            String r = c.operation() == MorphologicalNoise.Operation.EDGE_DISTORTION ? "r=" + c.range() : "r=" + c.radius();
            parts.add(String.format(Locale.ROOT, "%d %s %s Dice %.3f", c.structure(), c.operation().label(), r, c.dice()));
        }
        return String.format(Locale.ROOT, "%s: %s; mean Dice %.3f", name, String.join(", ", parts), o.meanDice());
    }

    private static Path writeCsv(Path path, List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (List<String> r : rows) {
            sb.append(String.join(",", r)).append('\n');
        }
        AtomicFiles.write(path, out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
        return path;
    }
}
