package org.pymic.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.catalog.CoreCatalog;
import org.pymic.core.error.ExitCode;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.core.registry.Registry;

class ConfigCheckerTest {
    private static final String VALID = String.join("\n",
            "[dataset]",
            "tensor_type = float",
            "task_type = seg",
            "root_dir = data",
            "train_csv = train.csv",
            "valid_csv = valid.csv",
            "train_batch_size = 4",
            "train_transform = [RandomCrop, LabelToProbability]",
            "RandomCrop_output_size = [96, 96]",
            "Pad_output_size = [8, 8]",
            "[network]",
            "net_type = UNet2D",
            "class_num = 2",
            "feature_chns = [16, 32]",
            "[training]",
            "loss_type = [CrossEntropyLoss]",
            "optimizer = Adam",
            "learning_rate = 1e-3",
            "iter_max = 100",
            "iter_valid = 10",
            "[testing]",
            "ckpt_mode = 1",
            "output_dir = out",
            "");

    static Registry registry() {
        Registry r = new Registry();
        r.registerAll(new CoreCatalog().components());
        r.register(impl(ComponentKind.NETWORK, "UNet2D").optional("feature_chns", ParamType.INT_LIST, null, "channels")
                .optional("dropout", ParamType.FLOAT_LIST, null, "dropout").build());
        r.register(impl(ComponentKind.TRANSFORM, "RandomCrop")
                .optional("output_size", ParamType.INT_LIST, null, "crop size")
                .optional("foreground_focus", ParamType.BOOL, false, "focus").build());
        r.register(impl(ComponentKind.TRANSFORM, "LabelToProbability").build());
        r.register(impl(ComponentKind.LOSS, "CrossEntropyLoss").build());
        r.register(impl(ComponentKind.LOSS, "DiceLoss").build());
        r.register(impl(ComponentKind.OPTIMIZER, "Adam").build());
        r.register(impl(ComponentKind.METHOD, "MeanTeacher").build());
        return r;
    }

    private static ComponentSpec.Builder impl(ComponentKind kind, String name) {
        return ComponentSpec.builder(kind, name).doc(name).factory(p -> p);
    }

    private static List<ConfigProblem> check(String ini) {
        return ConfigChecker.check(ConfigReader.readIni("t.cfg", ini), registry());
    }

    @Test
    void validConfigHasNoProblems() {
        assertThat(check(VALID)).isEmpty();
    }

    @Test
    void unknownKeyIsAWarningWithTheNearestKey() {
        List<ConfigProblem> p = check(VALID.replace("train_csv = train.csv", "trian_csv = train.csv\ntrain_csv = a.csv"));
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.WARNING);
            assertThat(x.code()).isEqualTo(ProblemCode.UNKNOWN_KEY);
            assertThat(x.location()).isEqualTo("t.cfg:5");
            assertThat(x.key()).isEqualTo("trian_csv");
            assertThat(x.suggestion()).isEqualTo("did you mean train_csv?");
        });
    }

    @Test
    void misspelledKeyWithADefaultSaysTheDefaultApplies() {
        List<ConfigProblem> p = check(VALID.replace("learning_rate = 1e-3", "learnig_rate = 1e-2"));
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.WARNING);
            assertThat(x.key()).isEqualTo("learnig_rate");
            assertThat(x.suggestion()).isEqualTo("did you mean learning_rate? learning_rate is not set, so its default"
                    + " 0.001 applies");
        });
    }

    @Test
    void unknownSectionIsAWarningWithTheNearestSection() {
        List<ConfigProblem> p = check(VALID + "[testin]\nfoo = 1\n");
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo(ProblemCode.UNKNOWN_SECTION);
            assertThat(x.suggestion()).contains("[testing]");
        });
    }

    @Test
    void wrongTypeIsAnErrorNamingTheExpectedType() {
        List<ConfigProblem> p = check(VALID.replace("iter_max = 100", "iter_max = many"));
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.ERROR);
            assertThat(x.code()).isEqualTo(ProblemCode.WRONG_TYPE);
            assertThat(x.location()).isEqualTo("t.cfg:19");
            assertThat(x.message()).contains("expects int").contains("'many'");
        });
    }

    @Test
    void unknownComponentIsAnErrorWithTheNearestName() {
        List<ConfigProblem> p = check(VALID.replace("net_type = UNet2D", "net_type = UNet2d_x"));
        assertThat(p).filteredOn(x -> x.code() == ProblemCode.UNKNOWN_COMPONENT).singleElement()
                .satisfies(x -> assertThat(x.suggestion()).isEqualTo("did you mean 'UNet2D'?"));
        assertThat(p).allMatch(x -> x.code() == ProblemCode.UNKNOWN_COMPONENT);
    }

    @Test
    void knownButNotImplementedIsRefusedByNameWithTheImplementedOnes() {
        List<ConfigProblem> p = check(VALID.replace("loss_type = [CrossEntropyLoss]", "loss_type = [DiceLoss, ExpLogLoss]"));
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo(ProblemCode.NOT_IMPLEMENTED);
            assertThat(x.message()).contains("loss 'ExpLogLoss'").contains("not implement");
            assertThat(x.suggestion()).isEqualTo("implemented: CrossEntropyLoss, DiceLoss");
        });
        CheckReport r = new CheckReport(null, p);
        assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_IMPLEMENTED);
    }

    @Test
    void everyComponentFieldIsChecked() {
        String ini = VALID.replace("optimizer = Adam", "optimizer = Adamx\nlr_scheduler = StepLR")
                .replace("output_dir = out", "output_dir = out\npost_process = KeepLargestComponent")
                + "[evaluation]\nmetric_list = [dice, hd95x]\n";
        List<ConfigProblem> p = check(ini);
        assertThat(p).extracting(ConfigProblem::key, ConfigProblem::code).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("optimizer", ProblemCode.UNKNOWN_COMPONENT),
                org.assertj.core.groups.Tuple.tuple("lr_scheduler", ProblemCode.NOT_IMPLEMENTED),
                org.assertj.core.groups.Tuple.tuple("post_process", ProblemCode.NOT_IMPLEMENTED),
                org.assertj.core.groups.Tuple.tuple("metric_list", ProblemCode.NOT_IMPLEMENTED),
                org.assertj.core.groups.Tuple.tuple("metric_list", ProblemCode.UNKNOWN_COMPONENT));
        assertThat(new CheckReport(null, p).exitCode()).isEqualTo(ExitCode.CONFIG);
    }

    @Test
    void transformParametersAreCheckedCaseInsensitively() {
        List<ConfigProblem> p = check(VALID.replace("RandomCrop_output_size = [96, 96]",
                "randomcrop_Output_Size = [96, big]\nRandomCrop_foreground_focuss = True"));
        assertThat(p).hasSize(2);
        assertThat(p).filteredOn(x -> x.code() == ProblemCode.WRONG_TYPE).singleElement()
                .satisfies(x -> assertThat(x.key()).isEqualTo("randomcrop_output_size"));
        assertThat(p).filteredOn(x -> x.code() == ProblemCode.UNKNOWN_PARAM).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.WARNING);
            assertThat(x.suggestion()).isEqualTo("did you mean RandomCrop_foreground_focus?");
        });
    }

    @Test
    void requiredKeysAndSectionsAreReported() {
        List<ConfigProblem> p = check(VALID.replace("class_num = 2\n", "").replace("train_csv = train.csv\n", ""));
        assertThat(p).extracting(ConfigProblem::key).containsExactlyInAnyOrder("class_num", "train_csv");
        assertThat(p).allMatch(x -> x.code() == ProblemCode.MISSING_KEY);
        List<ConfigProblem> q = check("[training]\niter_max = 3\n");
        assertThat(q).extracting(ConfigProblem::section).contains("dataset", "network");
    }

    @Test
    void methodSectionAndTaskRules() {
        String semi = VALID.replace("task_type = seg", "task_type = seg\nsupervise_type = semi_sup");
        assertThat(check(semi)).extracting(ConfigProblem::code).containsExactly(ProblemCode.MISSING_SECTION);
        assertThat(check(semi + "[semi_supervised_learning]\nmethod_name = MeanTeacher\nregularize_w = 0.1\n")).isEmpty();
        assertThat(check(semi + "[semi_supervised_learning]\nmethod_name = CPS\n"))
                .extracting(ConfigProblem::code).containsExactly(ProblemCode.NOT_IMPLEMENTED);
        assertThat(check(semi + "[semi_supervised_learning]\nregularize_w = 0.1\n"))
                .extracting(ConfigProblem::key).containsExactly("method_name");
        assertThat(check(VALID.replace("task_type = seg", "task_type = cls")))
                .extracting(ConfigProblem::code).containsExactly(ProblemCode.NOT_IMPLEMENTED);
        assertThat(check(VALID.replace("task_type = seg", "task_type = segm")))
                .extracting(ConfigProblem::code).containsExactly(ProblemCode.BAD_VALUE);
    }

    @Test
    void selfSupervisedPretrainingIsRefusedByName() {
        String selfSup = VALID.replace("task_type = seg", "task_type = seg\nsupervise_type = self_sup");
        List<ConfigProblem> p = check(selfSup + "[self_supervised_learning]\nmethod_name = VolumeFusion\n");
        assertThat(p).hasSize(2).allMatch(x -> x.code() == ProblemCode.NOT_IMPLEMENTED);
        assertThat(p).anyMatch(x -> x.key().equals("supervise_type") && x.location().equals("t.cfg:4")
                && x.message().contains("'self_sup'"));
        assertThat(p).anyMatch(x -> x.key().equals("method_name") && x.message().contains("'VolumeFusion'"));
        assertThat(check(selfSup)).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo(ProblemCode.NOT_IMPLEMENTED);
            assertThat(x.key()).isEqualTo("supervise_type");
        });
        List<ConfigProblem> q = check(VALID + "[self_supervised_learning]\nmethod_name = Vox2Vec\n");
        assertThat(q).allMatch(x -> x.code() == ProblemCode.NOT_IMPLEMENTED)
                .anyMatch(x -> x.section().equals("self_supervised_learning") && x.key().isEmpty()
                        && x.location().equals("t.cfg:24"));
    }

    @Test
    void preprocessingConfigIsRefusedByNameInsteadOfMissingSections() {
        String pre = "[dataset]\ntensor_type = float\ndata_dir = d\noutput_dir = o\ntransform = [RandomCrop, PatchSwaping]\n";
        List<ConfigProblem> errors = check(pre).stream().filter(x -> x.severity() == Severity.ERROR).toList();
        assertThat(errors).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo(ProblemCode.NOT_IMPLEMENTED);
            assertThat(x.key()).isEqualTo("transform");
            assertThat(x.location()).isEqualTo("t.cfg:5");
            assertThat(x.message()).contains("'preprocess'");
        });
        assertThat(check("[dataset]\ntrain_csv = a.csv\n")).anyMatch(x -> x.code() == ProblemCode.MISSING_SECTION
                && x.section().equals("network"));
        assertThat(check(pre + "[network]\nnet_type = UNet2D\nclass_num = 2\n")).noneMatch(x -> x.key().equals("transform")
                && x.code() == ProblemCode.NOT_IMPLEMENTED);
    }

    @Test
    void classificationNamesAreRefusedByName() {
        String cls = VALID.replace("task_type = seg", "task_type = cls").replace("net_type = UNet2D", "net_type = resnet18")
                .replace("loss_type = [CrossEntropyLoss]", "loss_type = [RectifiedLoss]");
        List<ConfigProblem> p = check(cls);
        assertThat(p).allMatch(x -> x.code() == ProblemCode.NOT_IMPLEMENTED);
        assertThat(p).extracting(ConfigProblem::key).contains("task_type", "net_type", "loss_type");
        assertThat(check("[evaluation]\nmetric = [accuracy, auc]\n")).hasSize(2)
                .allMatch(x -> x.code() == ProblemCode.NOT_IMPLEMENTED);
    }

    @Test
    void tensorTypeDoubleIsRefusedByNameAndFloatIsFine() {
        List<ConfigProblem> p = check(VALID.replace("tensor_type = float", "tensor_type = double"));
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.isError()).isTrue();
            assertThat(x.code()).isEqualTo(ProblemCode.NOT_IMPLEMENTED);
            assertThat(x.location()).isEqualTo("t.cfg:2");
            assertThat(x.key()).isEqualTo("tensor_type");
            assertThat(x.format()).contains("tensor_type").contains("double");
        });
        assertThat(check(VALID)).isEmpty();
    }

    @Test
    void neverThrowsOnOddValues() {
        String odd = "[network]\nnet_type = [1, None, [UNet2D]]\nclass_num = [2]\n[dataset]\ntrain_transform = 7\n"
                + "[training]\nloss_type = True\niter_max = 1.5\n[testing]\nckpt_mode = 9\n[evaluation]\nmetric = \n";
        List<ConfigProblem> p = check(odd);
        assertThat(p).isNotEmpty().allMatch(x -> x.location().startsWith("t.cfg"));
        assertThat(p).anyMatch(x -> x.code() == ProblemCode.BAD_VALUE && x.key().equals("ckpt_mode"));
    }

    @Test
    void checkFileTurnsSyntaxErrorsIntoProblems(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.cfg");
        Files.writeString(f, "[dataset]\nno separator here\n");
        CheckReport r = ConfigChecker.checkFile(f, registry());
        assertThat(r.config()).isNull();
        assertThat(r.problems()).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo(ProblemCode.SYNTAX);
            assertThat(x.location()).isEqualTo(f + ":2");
        });
        assertThat(r.exitCode()).isEqualTo(ExitCode.CONFIG);
        Path ok = dir.resolve("ok.cfg");
        Files.writeString(ok, VALID);
        assertThat(ConfigChecker.checkFile(ok, registry()).exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void summaryDescribesTheRun() {
        String text = CheckSummary.of(ConfigReader.readIni("t.cfg", VALID)).text();
        assertThat(text).contains("task:").contains("seg, fully_sup").contains("network:").contains("UNet2D (2 classes")
                .contains("method:").contains("fully supervised").contains("train train.csv, valid valid.csv")
                .contains("iterations:").contains("100, validation every 10").contains("output:");
    }

    @Test
    void evaluationLabelListAcceptsLabelGroups() {
        String eval = "[evaluation]\norgan_name = heart\nground_truth_folder = gt\nsegmentation_folder = seg\n";
        assertThat(check(eval + "label_list = [1, [1, 2], 3]\n")).isEmpty();
        assertThat(check(eval + "label_list = [255]\n")).isEmpty();
        assertThat(check(eval + "label_list = 1\n")).isEmpty();
        List<ConfigProblem> bad = check(eval + "label_list = [1, [lung, 2]]\n");
        assertThat(bad).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo(ProblemCode.WRONG_TYPE);
            assertThat(x.key()).isEqualTo("label_list");
            assertThat(x.location()).isEqualTo("t.cfg:5");
        });
        assertThat(check(eval + "label_list = [1, []]\n")).singleElement()
                .satisfies(x -> assertThat(x.code()).isEqualTo(ProblemCode.WRONG_TYPE));
    }
}
