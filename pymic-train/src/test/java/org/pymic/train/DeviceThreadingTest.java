package org.pymic.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.io.synth.SyntheticDataset;
import org.pymic.net.SegNetwork;

/**
 * One place decides the device ({@link DeviceChoice}) and the run receives it: every parameter, every
 * engine-held optimiser state and the teacher of a mean-teacher run live under the trainer's root manager,
 * on the chosen device; nothing of the run is created on another manager.
 */
class DeviceThreadingTest {

    private static ConfigSection section(String... lines) {
        Config c = new Config("run.cfg");
        c.withOverride("training.iter_max=1");
        for (String l : lines) {
            c.withOverride("training." + l);
        }
        return c.section("training");
    }

    @Test
    void cpuAndAutoWithoutCudaChooseTheCpu() {
        assertThat(DeviceChoice.of(section("device=cpu"), 2).device()).isEqualTo(Device.cpu());
        assertThat(DeviceChoice.of(section("device=auto"), 0).device()).isEqualTo(Device.cpu());
        assertThat(DeviceChoice.of(section(), 0).device()).as("default auto").isEqualTo(Device.cpu());
        assertThat(DeviceChoice.of(section(), 0).note()).contains("no CUDA");
    }

    @Test
    void autoAndCudaTakeTheFirstOfGpus() {
        assertThat(DeviceChoice.of(section("device=auto", "gpus=[1]"), 2).device()).isEqualTo(Device.gpu(1));
        assertThat(DeviceChoice.of(section("device=cuda", "gpus=[1, 0]"), 2).device()).isEqualTo(Device.gpu(1));
        assertThat(DeviceChoice.of(section("device=cuda:0", "gpus=[1]"), 2).device()).isEqualTo(Device.gpu(0));
        assertThat(DeviceChoice.of(section("device=CUDA"), 1).device()).isEqualTo(Device.gpu(0));
        assertThat(DeviceChoice.of(section("device=cuda", "gpus=[1]"), 2).devices()).containsExactly(Device.gpu(1));
    }

    @Test
    void severalGpusForTrainingAreEveryListedDeviceWithTheFirstAsPrimary() {
        DeviceChoice two = DeviceChoice.of(section("device=cuda", "gpus=[0, 1]"), 2);
        assertThat(two.devices()).containsExactly(Device.gpu(0), Device.gpu(1));
        assertThat(two.device()).isEqualTo(Device.gpu(0));
        assertThat(two.dataParallel()).isTrue();
        assertThat(two.note()).contains("cuda:0, cuda:1").contains("data parallel")
                .contains("split along its first dimension").contains("validation and inference compute on cuda:0 only");
        DeviceChoice auto = DeviceChoice.of(section("device=auto", "gpus=[1, 0]"), 2);
        assertThat(auto.devices()).as("the order of gpus, primary first").containsExactly(Device.gpu(1), Device.gpu(0));
        assertThat(DeviceChoice.of(section("device=cuda:1", "gpus=[0, 1]"), 2).devices())
                .as("cuda:N names one device").containsExactly(Device.gpu(1));
        assertThat(DeviceChoice.of(section("device=cuda:1", "gpus=[0, 1]"), 2).note()).contains("is not used");
        assertThatThrownBy(() -> DeviceChoice.of(section("device=cuda", "gpus=[0, 2]"), 2))
                .hasMessageContaining("GPU id 2 does not exist");
        assertThatThrownBy(() -> DeviceChoice.of(section("device=cuda", "gpus=[0, 0]"), 2))
                .hasMessageContaining("lists GPU id 0 twice");
    }

    @Test
    void severalGpusWithoutCudaGiveTheCpuAloneAndSaySo() {
        DeviceChoice c = DeviceChoice.of(section("device=auto", "gpus=[0, 1]"), 0);
        assertThat(c.devices()).containsExactly(Device.cpu());
        assertThat(c.dataParallel()).isFalse();
        assertThat(c.note()).contains("no CUDA device").contains("gpus lists 2 devices, none is used");
        assertThat(DeviceChoice.of(section("device=cpu", "gpus=[0, 1]"), 2).devices()).containsExactly(Device.cpu());
    }

    @Test
    void inferenceTakesTheFirstOfSeveralGpus() {
        Config c = new Config("run.cfg");
        c.withOverride("testing.device=cuda");
        c.withOverride("testing.gpus=[1, 0]");
        DeviceChoice t = DeviceChoice.of(c.section("testing"), 2);
        assertThat(t.devices()).containsExactly(Device.gpu(1));
        assertThat(t.note()).contains("inference computes on cuda:1 only");
    }

    @Test
    void aGpuTheEngineDoesNotHaveIsAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> DeviceChoice.of(section("device=cuda"), 0))
                .isInstanceOfSatisfying(PymicException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG))
                .hasMessageContaining("[training] device = cuda").hasMessageContaining("no CUDA device")
                .hasMessageContaining("pymic doctor");
        assertThatThrownBy(() -> DeviceChoice.of(section("device=cuda:2"), 2))
                .hasMessageContaining("GPU id 2 does not exist").hasMessageContaining("2 CUDA device(s)");
        assertThatThrownBy(() -> DeviceChoice.of(section("device=auto", "gpus=[3]"), 1))
                .hasMessageContaining("GPU id 3");
        assertThatThrownBy(() -> DeviceChoice.of(section("device=tpu"), 1))
                .hasMessageContaining("expects one of [auto, cpu, cuda, cuda:N], got 'tpu'");
        assertThatThrownBy(() -> DeviceChoice.of(section("device=cuda:x"), 1)).hasMessageContaining("got 'cuda:x'");
    }

    @Test
    void pymicsOlderDeviceNameIsReadAsDevice() {
        // PyMIC configs before 0.2 say device_name = cuda:0 (a torch device string)
        assertThat(DeviceChoice.of(section("device_name=cuda:1"), 2).device()).isEqualTo(Device.gpu(1));
        assertThat(DeviceChoice.of(section("device_name=cpu"), 2).device()).isEqualTo(Device.cpu());
        assertThat(DeviceChoice.of(section("device_name=cpu"), 2).note()).contains("device_name = cpu");
        assertThatThrownBy(() -> DeviceChoice.of(section("device_name=cuda:0"), 0))
                .hasMessageContaining("[training] device_name = cuda:0").hasMessageContaining("no CUDA device");
        assertThat(DeviceChoice.of(section("device=cuda:1", "device_name=CUDA:1"), 2).device()).isEqualTo(Device.gpu(1));
        assertThatThrownBy(() -> DeviceChoice.of(section("device=cpu", "device_name=cuda:0"), 2))
                .isInstanceOfSatisfying(PymicException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG))
                .hasMessageContaining("device_name = cuda:0").hasMessageContaining("device = cpu");
    }

    @Test
    void inferenceReadsTheTestingSection() {
        Config c = new Config("run.cfg");
        c.withOverride("testing.device=cuda:7");
        assertThatThrownBy(() -> org.pymic.train.infer.Predictor.run(c))
                .isInstanceOfSatisfying(PymicException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG))
                .hasMessageContaining("[testing]");
    }

    @Test
    void thisMachinesEngineDecidesAuto() {
        int gpus = Engine.getInstance().getGpuCount();
        Device d = DeviceChoice.of(section()).device();
        assertThat(d).isEqualTo(gpus > 0 ? Device.gpu(0) : Device.cpu());
    }

    @Test
    void everyArrayOfATrainingRunLivesUnderTheRootManagerOnTheChosenDevice(@TempDir Path work) throws IOException {
        Path data = work.resolve("data");
        SyntheticDataset.write(data, SyntheticDataset.Options.defaults().cases(8).size(32).dim(2).seed(5));
        String ini = """
                [dataset]
                task_type = seg
                supervise_type = semi_sup
                train_dir = %1$s
                train_csv = %1$s/train_r10_lab.csv
                train_csv_unlab = %1$s/train_r10_unlab.csv
                valid_csv = %1$s/valid.csv
                train_batch_size = 2
                train_batch_size_unlab = 2
                num_worker = 1
                train_transform = [NormalizeWithMeanStd, LabelToProbability]
                valid_transform = [NormalizeWithMeanStd, LabelToProbability]

                [network]
                net_type = UNet2D
                class_num = 4
                in_chns = 1
                feature_chns = [4, 8, 16, 32, 64]
                dropout = [0, 0, 0, 0, 0]

                [training]
                device = cpu
                loss_type = DiceLoss
                optimizer = Adam
                learning_rate = 0.003
                iter_max = 4
                iter_valid = 4
                ckpt_save_dir = %2$s

                [semi_supervised_learning]
                method_name = MeanTeacher
                """.formatted(data.toAbsolutePath(), work.resolve("ckpt"));
        Path f = work.resolve("run.cfg");
        Files.writeString(f, ini);
        RunPlan plan = RunPlan.resolve(Config.load(f));
        assertThat(plan.describe()).contains("device      cpu (device = cpu)");
        try (SegmentationTrainer t = TrainingRun.trainer(plan, false)) {
            t.train();
            assertThat(t.device().device()).isEqualTo(Device.cpu());
            assertThat(t.manager().getDevice()).isEqualTo(Device.cpu());
            Set<NDArray> managed = Collections.newSetFromMap(new IdentityHashMap<>());
            managed.addAll(t.manager().getManagedArrays());
            List<NDArray> held = new ArrayList<>();
            for (SegNetwork n : t.networks().values()) {
                for (Parameter p : n.block().getParameters().values()) {
                    held.add(p.getArray());
                }
            }
            assertThat(t.networks()).containsKeys("net", "net_ema");
            int params = held.size();
            assertThat(t.optimizers()).isNotEmpty();
            for (TrainingOptimizer o : t.optimizers().values()) {
                held.addAll(o.engineState());
            }
            assertThat(held.size()).as("Adam keeps two moments per trained parameter on the engine")
                    .isGreaterThan(params);
            try (ai.djl.ndarray.NDManager other = ai.djl.ndarray.NDManager.newBaseManager(Device.cpu())) {
                assertThat(managed).as("an array of another manager is told apart").doesNotContain(other.zeros(
                        new ai.djl.ndarray.types.Shape(1)));
            }
            for (NDArray a : held) {
                assertThat(a.getDevice()).isEqualTo(Device.cpu());
                assertThat(managed).as("array %s under the run's root manager", a.getName()).contains(a);
            }
        }
    }
}
