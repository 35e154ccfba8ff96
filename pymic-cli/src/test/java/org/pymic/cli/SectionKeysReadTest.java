package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.catalog.SectionCatalog;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamSpec;
import org.pymic.core.registry.Registry;
import org.pymic.io.eval.EvaluationOptions;
import org.pymic.io.synth.SyntheticDataset;
import org.pymic.train.RunPlan;
import org.pymic.train.SegmentationTrainer;
import org.pymic.train.TrainingRun;
import org.pymic.train.infer.Predictor;

/**
 * Every key a section declares is read by the run: a short training run, inference and the evaluation options
 * are made from configs whose sections record the keys asked for, and each declared key must be among them, or
 * be declared by a component that reads that section (an optimiser's learning_rate, a network's in_chns, a
 * method's regularize_w: {@link ComponentsFromDefaultsTest} checks those are read), or be on a short list with
 * the reason. A key declared and never read is a key the config reference promises and the run ignores.
 */
class SectionKeysReadTest {
    /** Components that read a section's keys. */
    private static final Map<String, List<ComponentKind>> READERS = Map.of(
            SectionCatalog.TRAINING, List.of(ComponentKind.OPTIMIZER, ComponentKind.LR_SCHEDULER, ComponentKind.LOSS),
            SectionCatalog.NETWORK, List.of(ComponentKind.NETWORK),
            SectionCatalog.TESTING, List.of(ComponentKind.POSTPROCESS),
            SectionCatalog.SEMI, List.of(ComponentKind.METHOD),
            SectionCatalog.WEAK, List.of(ComponentKind.METHOD),
            SectionCatalog.NOISY, List.of(ComponentKind.METHOD));

    /** Declared keys that these runs do not read, with the reason. */
    private static final Map<String, String> NOT_READ = Map.ofEntries(
            Map.entry("dataset task_type", "read by check, which refuses every task but seg (TaskRules)"),
            Map.entry("dataset valid_batch_size", "validation predicts one case at a time, with the same result"),
            Map.entry("dataset test_batch_size", "inference predicts one case at a time, with the same result"),
            Map.entry("dataset train_csv_noise", "the noisy stream, read when the method is DAST (its keys are read in DASTTest and by check)"),
            Map.entry("dataset train_batch_size_noise", "the noisy stream, read when the method is DAST (its keys are read in DASTTest and by check)"));

    @TempDir
    Path work;

    private Config config(String supervise, String methodSection, String method, String evaluation) throws IOException {
        Path data = work.resolve("data");
        if (!Files.exists(data)) {
            SyntheticDataset.write(data, SyntheticDataset.Options.defaults().cases(6).size(32).dim(2).seed(2));
        }
        String ini = """
                [dataset]
                supervise_type = %3$s
                train_dir = %1$s
                train_csv = %1$s/train.csv
                train_csv_unlab = %1$s/train_r10_unlab.csv
                valid_csv = %1$s/valid.csv
                test_csv = %1$s/test.csv
                train_batch_size = 2
                num_worker = 1
                train_transform = [NormalizeWithMeanStd, LabelToProbability]
                test_transform = [NormalizeWithMeanStd]

                [network]
                net_type = UNet2D
                class_num = 4
                feature_chns = [2, 4, 8, 16, 32]
                dropout = [0, 0, 0, 0, 0]

                [training]
                iter_max = 2
                iter_valid = 2
                ckpt_dir = %2$s/ckpt

                [testing]
                output_dir = %2$s/out

                [%4$s]
                %5$s

                [evaluation]
                %6$s
                """.formatted(data.toAbsolutePath(), work, supervise, methodSection, method, evaluation);
        Path f = work.resolve(supervise + ".cfg");
        Files.writeString(f, ini);
        return Config.load(f);
    }

    private static void record(Config c, Map<String, Set<String>> reads) {
        for (ComponentSpec s : Registry.global().all(ComponentKind.SECTION)) {
            if (c.hasSection(s.name())) {
                c.section(s.name()).recordReads(reads.computeIfAbsent(s.name(), k -> new LinkedHashSet<>()));
            }
        }
    }

    @Test
    void everyDeclaredSectionKeyIsRead() throws IOException {
        Map<String, Set<String>> reads = new java.util.LinkedHashMap<>();
        String newNames = "metric_list = [dice]\nlabel_list = [1, 2]\nground_truth_folder = " + work
                + "\nsegmentation_folder = " + work.resolve("out");
        String oldNames = "metric = dice\nclass_number = 4\nground_truth_folder_root = " + work
                + "\nsegmentation_folder_root = " + work.resolve("out");
        Config full = config("fully_sup", "semi_supervised_learning", "", newNames);
        record(full, reads);
        RunPlan plan = RunPlan.resolve(full);
        try (SegmentationTrainer t = TrainingRun.trainer(plan, false)) {
            t.train();
        }
        Predictor.run(full);
        full.withOverride("testing.ckpt_mode=2");
        full.withOverride("testing.ckpt_name=ckpt_2.pt");
        record(full, reads);
        Predictor.checkpoints(full);
        Config deep = new Config("deep.cfg").withOverride("training.deep_supervise=True");
        record(deep, reads);
        org.pymic.loss.Losses.fromConfig(deep.section("training"), 2);
        Config uniMatch = config("semi_sup", "semi_supervised_learning", "method_name = UniMatch", newNames);
        uniMatch.withOverride("dataset.train_transform_strong=[RandomColorJitter]");
        uniMatch.withOverride("dataset.train_batch_size_unlab=2");
        uniMatch.withOverride("dataset.train_transform_unlab=[NormalizeWithMeanStd]");
        record(uniMatch, reads);
        RunPlan.resolve(uniMatch);
        EvaluationOptions.fromConfig(full);
        Config old = config("fully_sup", "semi_supervised_learning", "", oldNames);
        record(old, reads);
        EvaluationOptions.fromConfig(old);
        for (String[] m : new String[][] {{"semi_sup", "semi_supervised_learning", "ssl_method = EntropyMinimization"},
                {"weak_sup", "weakly_supervised_learning", "method_name = EntropyMinimization"},
                {"noisy_label", "noisy_label_learning", "nll_method = CoTeaching\nco_teaching_select_ratio = 0.8"}}) {
            Config c = config(m[0], m[1], m[2], newNames);
            record(c, reads);
            TrainingRun.method(c);
            Config named = config(m[0], m[1], m[2].replaceFirst("^\\w+_method", "method_name"), newNames);
            record(named, reads);
            TrainingRun.method(named);
        }
        List<String> unread = new ArrayList<>();
        for (ComponentSpec s : Registry.global().all(ComponentKind.SECTION)) {
            if (s.name().equals(SectionCatalog.SELF)) {
                continue; // self-supervised pre-training is refused by check as not implemented
            }
            Set<String> byComponents = new LinkedHashSet<>();
            for (ComponentKind k : READERS.getOrDefault(s.name(), List.of())) {
                Registry.global().all(k).forEach(c -> c.params().forEach(p -> byComponents.add(p.name())));
            }
            for (ParamSpec p : s.params()) {
                String id = s.name() + " " + p.name();
                if (!reads.getOrDefault(s.name(), Set.of()).contains(p.name()) && !byComponents.contains(p.name())
                        && !NOT_READ.containsKey(id)) {
                    unread.add(id);
                }
            }
        }
        assertThat(unread).as("declared section keys that no run reads").isEmpty();
        // and the list of exceptions holds no entry that is read after all, or no longer declared
        List<String> stale = new ArrayList<>();
        for (String id : NOT_READ.keySet()) {
            String section = id.substring(0, id.indexOf(' '));
            String key = id.substring(id.indexOf(' ') + 1);
            boolean declared = Registry.global().all(ComponentKind.SECTION).stream()
                    .anyMatch(s -> s.name().equals(section) && s.params().stream().anyMatch(p -> p.name().equals(key)));
            if (!declared) {
                stale.add(id + " (not declared)");
            } else if (reads.getOrDefault(section, Set.of()).contains(key)) {
                stale.add(id + " (read)");
            }
        }
        assertThat(stale).as("NOT_READ entries that are stale").isEmpty();
    }

    @Test
    void sectionsRecordOnlyWhenAsked() {
        ConfigSection s = new Config("x.cfg").withOverride("training.iter_max=3").section("training");
        Set<String> keys = new LinkedHashSet<>();
        s.getInt("iter_max", 0);
        s.recordReads(keys);
        s.has("ITER_VALID");
        s.values();
        assertThat(keys).containsExactly("iter_valid");
    }
}
