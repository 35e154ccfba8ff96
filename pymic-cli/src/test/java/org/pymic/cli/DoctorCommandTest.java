package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code pymic doctor}: what the engine sees, as a table and as JSON, on this CPU-only machine. */
class DoctorCommandTest {
    @Test
    void jsonHasEveryKeyAndSeesNoCuda() throws Exception {
        CliRun r = CliRun.of("doctor", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.isObject()).isTrue();
        for (String key : new String[] {"pymic_version", "java_version", "os", "djl_version", "djl_offline", "djl_env",
                "engine", "pytorch_version", "native_flavor", "native_path", "cuda_available", "cuda_version",
                "gpu_count", "gpus", "auto_device", "auto_device_note", "intra_op_threads", "inter_op_threads",
                "omp_num_threads", "available_processors", "max_heap_mb"}) {
            assertThat(j.has(key)).as("key %s in %s", key, r.out()).isTrue();
        }
        assertThat(j.get("djl_version").asText()).isEqualTo("0.36.0");
        assertThat(j.get("pytorch_version").asText()).isEqualTo("2.7.1");
        assertThat(j.get("engine").asText()).isEqualTo("PyTorch");
        assertThat(j.get("native_flavor").asText()).isEqualTo("cpu");
        assertThat(j.get("native_path").asText()).isNotBlank();
        assertThat(j.get("djl_offline").asBoolean()).isTrue();
        assertThat(j.get("cuda_available").asBoolean()).isFalse();
        assertThat(j.get("gpu_count").asInt()).isZero();
        assertThat(j.get("gpus").isArray()).isTrue();
        assertThat(j.get("gpus").size()).isZero();
        assertThat(j.get("auto_device").asText()).isEqualTo("cpu");
        assertThat(j.get("intra_op_threads").asInt()).isPositive();
        assertThat(j.get("inter_op_threads").asInt()).isPositive();
        assertThat(j.get("max_heap_mb").asLong()).isEqualTo(Runtime.getRuntime().maxMemory() / (1024 * 1024));
        assertThat(j.get("djl_env").isObject()).isTrue();
        for (String name : DoctorCommand.DJL_VARIABLES) {
            assertThat(j.get("djl_env").has(name)).isEqualTo(System.getenv(name) != null || System.getProperty(name) != null);
        }
    }

    @Test
    void tableHasOneLinePerKey() {
        CliRun r = CliRun.of("doctor");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^cuda_available +false$").containsPattern("(?m)^auto_device +cpu$")
                .containsPattern("(?m)^pytorch_version +2\\.7\\.1$").containsPattern("(?m)^native_flavor +cpu$");
    }

    @Test
    void flavourFromTheCacheFolderName() {
        assertThat(DoctorCommand.flavorOfFolder("/home/u/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64")).isEqualTo("cpu");
        assertThat(DoctorCommand.flavorOfFolder("/home/u/.djl.ai/pytorch/2.7.1-cu128-linux-x86_64")).isEqualTo("cu128");
        assertThat(DoctorCommand.flavorOfFolder("/opt/libtorch/lib")).isEqualTo("unknown");
    }

    @Test
    void engineErrorsKeepTheirCauses() {
        Exception e = new IllegalStateException("Failed to save pytorch index file",
                new java.io.IOException("Offline mode is enabled."));
        assertThat(DoctorCommand.messages(e)).isEqualTo("Failed to save pytorch index file: Offline mode is enabled.");
    }
}
