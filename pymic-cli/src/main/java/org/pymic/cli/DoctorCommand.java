package org.pymic.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.cuda.CudaUtils;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.ExitCode;
import org.pymic.train.DeviceChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pymic doctor [--json]}: what the PyTorch engine sees on this machine: versions, the native library
 * (flavour and folder), CUDA and its devices, the device {@code device = auto} would choose, threads, heap
 * and DJL's environment variables. Nothing is downloaded: DJL's offline mode is switched on before the engine
 * loads, so a setting that would make DJL fetch a libtorch fails and is reported instead.
 */
@Command(name = "doctor", description = {
        "Print what the PyTorch engine sees: versions, native library, CUDA, threads, heap.",
        "Use it to confirm that a CUDA build of libtorch is found (docs/cli.md, Running on a GPU)."})
final class DoctorCommand implements Callable<Integer> {
    /** DJL's variables that choose the native library (docs/cli.md, Running on a GPU). */
    static final List<String> DJL_VARIABLES = List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR");

    private static final Pattern FLAVOR = Pattern.compile("cpu|cu\\d+");

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        Map<String, Object> r = report();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
        } else {
            r.forEach((k, v) -> out.printf("%-20s %s%n", k, text(v)));
        }
        out.flush();
        if (r.get("engine_error") != null) {
            spec.commandLine().getErr().println("pymic: error: the PyTorch engine did not load: " + r.get("engine_error")
                    + " (pymic never downloads a libtorch; see docs/cli.md, 'Running on a GPU')");
            return ExitCode.FAILURE.code();
        }
        return 0;
    }

    /** The facts, in the order they are printed; keys are stable (the JSON's keys). */
    static Map<String, Object> report() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true"); // never download a native library from here
        }
        Map<String, Object> r = new LinkedHashMap<>();
        String v = Main.class.getPackage().getImplementationVersion();
        r.put("pymic_version", v == null ? "dev" : v);
        r.put("java_version", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        r.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        r.put("djl_version", Engine.getDjlVersion());
        r.put("djl_offline", Boolean.parseBoolean(System.getProperty("ai.djl.offline")));
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : DJL_VARIABLES) {
            String value = System.getenv(name);
            if (value == null) {
                value = System.getProperty(name); // DJL reads a system property of the same name too
            }
            if (value != null) {
                env.put(name, value);
            }
        }
        r.put("djl_env", env);
        Engine engine;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException | LinkageError e) {
            r.put("engine_error", messages(e));
            putJvm(r);
            return r;
        }
        r.put("engine", engine.getEngineName());
        r.put("pytorch_version", engine.getVersion());
        String path = LibUtils.getLibtorchPath();
        r.put("native_flavor", flavor(path));
        r.put("native_path", path);
        int gpuCount = engine.getGpuCount();
        r.put("cuda_available", engine.hasCapability(StandardCapabilities.CUDA) && gpuCount > 0);
        r.put("cuda_version", CudaUtils.hasCuda() ? CudaUtils.getCudaVersionString() : null);
        r.put("gpu_count", gpuCount);
        List<String> gpus = new ArrayList<>();
        for (Device d : engine.getDevices()) {
            if (d.isGpu()) {
                gpus.add(gpu(d));
            }
        }
        r.put("gpus", gpus);
        DeviceChoice auto = DeviceChoice.of(new ConfigSection("training", "pymic doctor", 0), gpuCount);
        r.put("auto_device", name(auto.device()));
        r.put("auto_device_note", auto.note());
        r.put("intra_op_threads", JniUtils.getNumThreads());
        r.put("inter_op_threads", JniUtils.getNumInteropThreads());
        putJvm(r);
        return r;
    }

    /** The messages of an exception and its causes ("Failed to save pytorch index file: Offline mode is enabled."). */
    static String messages(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 5; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (parts.isEmpty() || !parts.get(parts.size() - 1).contains(m)) {
                parts.add(m);
            }
        }
        return String.join(": ", parts);
    }

    private static void putJvm(Map<String, Object> r) {
        r.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
        r.put("available_processors", Runtime.getRuntime().availableProcessors());
        r.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    private static String gpu(Device d) {
        StringBuilder b = new StringBuilder(name(d));
        try {
            b.append(" compute capability ").append(CudaUtils.getComputeCapability(d.getDeviceId()));
            MemoryUsage m = CudaUtils.getGpuMemory(d);
            b.append(", ").append(m.getMax() / (1024 * 1024)).append(" MB");
        } catch (RuntimeException e) {
            b.append(" (details unavailable: ").append(e.getMessage()).append(')');
        }
        return b.toString();
    }

    /**
     * The flavour DJL loaded (cpu, cu128, ...): the engine's own record of it, else the cache folder's name
     * ({@code 2.7.1-20250812-cpu-linux-x86_64}); "unknown" for a library folder named otherwise.
     */
    static String flavor(String libtorchPath) {
        try {
            Field lib = LibUtils.class.getDeclaredField("libTorch");
            lib.setAccessible(true);
            Object libTorch = lib.get(null);
            if (libTorch != null) {
                Field f = libTorch.getClass().getDeclaredField("flavor");
                f.setAccessible(true);
                Object flavor = f.get(libTorch);
                if (flavor != null) {
                    return flavor.toString();
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a DJL version that keeps it elsewhere: fall back to the folder's name
        }
        return flavorOfFolder(libtorchPath);
    }

    static String flavorOfFolder(String libtorchPath) {
        Path name = libtorchPath == null ? null : Path.of(libtorchPath).getFileName();
        if (name != null) {
            for (String part : name.toString().split("-")) {
                if (FLAVOR.matcher(part).matches()) {
                    return part;
                }
            }
        }
        return "unknown";
    }

    /** A device as the config names it: cpu, cuda:N. */
    static String name(Device d) {
        return d.isGpu() ? "cuda:" + d.getDeviceId() : d.getDeviceType();
    }

    private static String text(Object v) {
        if (v == null) {
            return "(none)";
        }
        if (v instanceof List<?> l) {
            return l.isEmpty() ? "(none)" : String.join("; ", l.stream().map(String::valueOf).toList());
        }
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                return "(none set)";
            }
            List<String> parts = new ArrayList<>();
            m.forEach((k, x) -> parts.add(k + "=" + x));
            return String.join(", ", parts);
        }
        return v.toString();
    }
}
