package org.pymic.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigEntry;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.train.Checkpoint;

/**
 * What a training run left in its {@code ckpt_dir}: the metrics file {@code <prefix>_metrics.csv},
 * the checkpoints {@code <prefix>_<iteration>.ckpt} with their metadata (the config as run, seed,
 * versions, case-list hashes, method, networks), the best and latest pointers and the run log
 * {@code <prefix>_train.log}. A folder without a metrics file is searched one level down (the
 * folder {@code pymic demo} writes keeps the run in {@code model/}).
 */
public final class RunFolder {
    private static final String METRICS_SUFFIX = "_metrics.csv";
    private static final Pattern SESSION_START = Pattern.compile("^training \\S+ with .* from iteration \\d+");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** A checkpoint file and the iteration it holds. */
    public record CheckpointFile(Path file, int iteration, long bytes) {
    }

    private final Path dir;
    private final String prefix;
    private final TrainingCurves curves;
    private final List<CheckpointFile> checkpoints;
    private final Integer best;
    private final Integer latest;
    private final Map<String, Object> meta;
    private final Path metaSource;

    private RunFolder(Path dir, String prefix, TrainingCurves curves, List<CheckpointFile> checkpoints, Integer best,
                      Integer latest, Map<String, Object> meta, Path metaSource) {
        this.dir = dir;
        this.prefix = prefix;
        this.curves = curves;
        this.checkpoints = checkpoints;
        this.best = best;
        this.latest = latest;
        this.meta = meta;
        this.metaSource = metaSource;
    }

    public static RunFolder open(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new PymicException(ExitCode.INPUT, folder + ": not a folder (give the ckpt_dir of a training run)");
        }
        Path metrics = findMetrics(folder);
        Path dir = metrics.getParent();
        String name = metrics.getFileName().toString();
        String prefix = name.substring(0, name.length() - METRICS_SUFFIX.length());
        TrainingCurves curves = TrainingCurves.read(metrics);
        Pattern ckpt = Pattern.compile(Pattern.quote(prefix) + "_(\\d+)" + Pattern.quote(Checkpoint.EXTENSION));
        List<CheckpointFile> cks = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Matcher m = ckpt.matcher(p.getFileName().toString());
                if (m.matches()) {
                    cks.add(new CheckpointFile(p, Integer.parseInt(m.group(1)), Files.size(p)));
                }
            }
        } catch (IOException e) {
            throw new PymicException(ExitCode.INPUT, dir + ": cannot list (" + e.getMessage() + ")", e);
        }
        cks.sort(Comparator.comparingInt(CheckpointFile::iteration));
        Integer best = pointer(dir, prefix, "best");
        Integer latest = pointer(dir, prefix, "latest");
        Path metaFrom = null;
        for (Integer it : new Integer[] {latest, best}) {
            if (it != null && Files.isRegularFile(Checkpoint.path(dir, prefix, it))) {
                metaFrom = Checkpoint.path(dir, prefix, it);
                break;
            }
        }
        if (metaFrom == null && !cks.isEmpty()) {
            metaFrom = cks.get(cks.size() - 1).file();
        }
        Map<String, Object> meta = metaFrom == null ? Map.of() : Checkpoint.readMeta(metaFrom);
        return new RunFolder(dir, prefix, curves, List.copyOf(cks), best, latest, meta, metaFrom);
    }

    private static Path findMetrics(Path folder) {
        List<Path> here = metricsFiles(folder);
        if (here.isEmpty()) {
            try (Stream<Path> s = Files.list(folder)) {
                for (Path sub : s.filter(Files::isDirectory).sorted().toList()) {
                    here.addAll(metricsFiles(sub));
                }
            } catch (IOException e) {
                throw new PymicException(ExitCode.INPUT, folder + ": cannot list (" + e.getMessage() + ")", e);
            }
        }
        if (here.isEmpty()) {
            throw new PymicException(ExitCode.INPUT, folder + ": no <prefix>" + METRICS_SUFFIX
                    + " here or in a subfolder; give the ckpt_dir of a training run");
        }
        return here.get(0);
    }

    private static List<Path> metricsFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(METRICS_SUFFIX)
                    && Files.isRegularFile(p)).sorted().toList());
        } catch (IOException e) {
            return new ArrayList<>();
        }
    }

    private static Integer pointer(Path dir, String prefix, String which) {
        try {
            return Checkpoint.readPointer(dir, prefix, which);
        } catch (PymicException e) {
            return null;
        }
    }

    public Path dir() {
        return dir;
    }

    public String prefix() {
        return prefix;
    }

    public TrainingCurves curves() {
        return curves;
    }

    public List<CheckpointFile> checkpoints() {
        return checkpoints;
    }

    /** The iteration of the best checkpoint ({@code <prefix>_best.txt}), or null. */
    public Integer bestIteration() {
        return best;
    }

    /** The iteration of the latest checkpoint ({@code <prefix>_latest.txt}), or null. */
    public Integer latestIteration() {
        return latest;
    }

    /** The metadata of the latest checkpoint (else the best, else the last file), empty without one. */
    public Map<String, Object> meta() {
        return meta;
    }

    /** The checkpoint the metadata was read from, or null. */
    public Path metaSource() {
        return metaSource;
    }

    /** A name for the run: the folder's name, with its parent's when the folder is called model or similar. */
    public String name() {
        String n = dir.toAbsolutePath().normalize().getFileName().toString();
        Path parent = dir.toAbsolutePath().normalize().getParent();
        if (parent != null && parent.getFileName() != null && List.of("model", "models", "ckpt", "checkpoints").contains(n)) {
            return parent.getFileName() + "/" + n;
        }
        return n;
    }

    public String method() {
        Object m = meta.get("method");
        return m == null ? "?" : m.toString();
    }

    /** The config as run (from the checkpoint metadata), or null when the run has no checkpoint. */
    @SuppressWarnings("unchecked")
    public Config config() {
        Object c = meta.get("config");
        if (!(c instanceof Map<?, ?> sections)) {
            return null;
        }
        Config cfg = new Config(metaSource + " (config as run)");
        sections.forEach((s, values) -> {
            ConfigSection sec = cfg.sectionForWrite(s.toString(), 0);
            if (values instanceof Map<?, ?> kv) {
                kv.forEach((k, v) -> sec.put(new ConfigEntry(k.toString().toLowerCase(Locale.ROOT), v, iniValue(v),
                        cfg.source(), 0)));
            }
        });
        return cfg;
    }

    /** The config as run as INI text, or null. */
    public String configText() {
        Object c = meta.get("config");
        if (!(c instanceof Map<?, ?> sections)) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        sections.forEach((s, values) -> {
            b.append('[').append(s).append("]\n");
            if (values instanceof Map<?, ?> kv) {
                kv.forEach((k, v) -> b.append(k).append(" = ").append(iniValue(v)).append('\n'));
            }
            b.append('\n');
        });
        return b.toString().strip() + "\n";
    }

    static String iniValue(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean bool) {
            return bool ? "True" : "False";
        }
        if (v instanceof List<?> l) {
            return l.stream().map(RunFolder::iniValue).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        }
        return v.toString();
    }

    /**
     * The case lists the run read, by {@code [dataset]} key, with their case counts where the list
     * can still be read (null otherwise).
     */
    public Map<String, Integer> caseListSizes() {
        Map<String, Integer> out = new LinkedHashMap<>();
        Object sha = meta.get("case_lists_sha256");
        Config cfg = config();
        if (!(sha instanceof Map<?, ?> m) || cfg == null) {
            return out;
        }
        ConfigSection ds = cfg.section("dataset");
        for (Object key : m.keySet()) {
            String csv = ds.getString(key.toString(), null);
            out.put(key.toString(), csv == null ? null : countRows(csv, ds.getString("train_dir", null)));
        }
        return out;
    }

    private static Integer countRows(String csv, String root) {
        List<Path> tries = new ArrayList<>(List.of(Path.of(csv)));
        if (root != null) {
            tries.add(Path.of(root).resolve(csv));
        }
        for (Path p : tries) {
            if (Files.isRegularFile(p)) {
                try (Stream<String> lines = Files.lines(p, StandardCharsets.UTF_8)) {
                    return (int) Math.max(0, lines.filter(l -> !l.isBlank()).count() - 1);
                } catch (IOException | java.io.UncheckedIOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * Wall time of training from the run log: for each session (a line {@code training <method> ...
     * from iteration N} starts one; a resumed run appends a session), its first to its last time
     * stamp, summed; null without a log.
     */
    public Duration trainingTime() {
        Path log = dir.resolve(prefix + "_train.log");
        if (!Files.isRegularFile(log)) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        Duration total = Duration.ZERO;
        LocalDateTime first = null;
        LocalDateTime last = null;
        for (String l : lines) {
            if (l.length() < 20) {
                continue;
            }
            LocalDateTime t;
            try {
                t = LocalDateTime.parse(l.substring(0, 19), LOG_TIME);
            } catch (DateTimeParseException e) {
                continue;
            }
            boolean start = SESSION_START.matcher(l.substring(20)).find();
            if (first == null || start) {
                if (first != null) {
                    total = total.plus(Duration.between(first, last));
                }
                first = t;
            }
            last = t;
        }
        return first == null ? null : total.plus(Duration.between(first, last));
    }
}
