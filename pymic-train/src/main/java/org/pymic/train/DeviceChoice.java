package org.pymic.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pymic.core.catalog.SectionCatalog;
import org.pymic.core.config.ConfigEntry;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * The one place that decides where a run computes. {@code device} of {@code [training]} (training and
 * validation) or {@code [testing]} (inference) is {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N};
 * {@code auto} and {@code cuda} take PyMIC's {@code gpus} list. {@code auto} is the GPU when the engine has
 * CUDA, the CPU otherwise; {@code cuda} without CUDA is a config error naming the key.
 * PyMIC's older {@code device_name} (a torch device string such as {@code cuda:0} or {@code cpu}) is read
 * the same way when {@code device} is not set; both set to different values is a config error.
 *
 * <p>The choice is a list of devices, the primary first. Everything else receives it: the run's root
 * {@link ai.djl.ndarray.NDManager} is created on the primary, and parameters, optimiser state, each step's
 * batch (created once per step from the loader's plain arrays), validation and inference arrays all live
 * under that manager. With several {@code gpus} and {@code auto} or {@code cuda}, {@code [training]} gives
 * every listed device, and training is data parallel as PyMIC's {@code nn.DataParallel}
 * ({@link DataParallel}: each learning network has a replica per device, the batch is split along its first
 * dimension, gradients are summed on the primary); validation uses the primary only, and {@code [testing]}
 * gives the first id alone (inference is not split). {@code cuda:N} names one device.
 */
public record DeviceChoice(List<Device> devices, String note) {

    /** The keys and values this class reads. */
    public static final String KEY = "device";
    /** PyMIC's older key ({@code device_name = cuda:0}, a torch device string), read when {@code device} is not set. */
    public static final String ALIAS = "device_name";
    public static final List<String> VALUES = List.of("auto", "cpu", "cuda", "cuda:N");

    public DeviceChoice {
        devices = List.copyOf(devices);
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("a device choice needs at least one device");
        }
    }

    /** One device. */
    public DeviceChoice(Device device, String note) {
        this(List.of(device), note);
    }

    /**
     * {@code n} replicas on one device (distinct parameter arrays on the same device): data-parallel
     * training on a machine without several GPUs, for tests.
     */
    public static DeviceChoice replicas(Device device, int n, String note) {
        return new DeviceChoice(java.util.Collections.nCopies(n, device), note);
    }

    /** The primary device: the root manager's, the one that gathers outputs, steps optimisers and predicts. */
    public Device device() {
        return devices.get(0);
    }

    /** Whether training splits each batch over several devices. */
    public boolean dataParallel() {
        return devices.size() > 1;
    }

    /** The choice of a section on this machine's engine. */
    public static DeviceChoice of(ConfigSection section) {
        return of(section, Engine.getInstance().getGpuCount());
    }

    /** The choice of a section when the engine sees {@code gpuCount} CUDA devices (for tests). */
    public static DeviceChoice of(ConfigSection section, int gpuCount) {
        String key = KEY;
        if (!section.has(KEY) && section.has(ALIAS)) {
            key = ALIAS;
        } else if (section.has(KEY) && section.has(ALIAS) && !norm(section.getString(KEY, "")).equals(
                norm(section.getString(ALIAS, "")))) {
            throw new PymicException(ExitCode.CONFIG, section.entry(ALIAS).orElseThrow().location() + ": [" + section.name()
                    + "] " + ALIAS + " = " + section.getString(ALIAS, "") + " (PyMIC's older name of " + KEY
                    + ") disagrees with " + KEY + " = " + section.getString(KEY, "") + " at "
                    + section.entry(KEY).orElseThrow().location() + ": keep one of them");
        }
        String value = norm(section.getString(key, SectionCatalog.defaultString(section.name(), KEY)));
        String where = section.entry(key).map(ConfigEntry::location).orElse(section.location());
        int[] ids = gpus(section);
        boolean training = section.name().equals("training");
        List<Integer> chosen = new ArrayList<>();
        switch (value) {
            case "cpu":
                return new DeviceChoice(Device.cpu(), "cpu (" + key + " = cpu)");
            case "auto":
                if (gpuCount == 0) {
                    return new DeviceChoice(Device.cpu(), "cpu (" + key + " = auto, the engine has no CUDA device)"
                            + (ids.length > 1 ? "; gpus lists " + ids.length + " devices, none is used" : ""));
                }
                listed(ids, chosen);
                break;
            case "cuda":
            case "gpu":
                listed(ids, chosen);
                break;
            default:
                if (value.startsWith("cuda:")) {
                    try {
                        chosen.add(Integer.parseInt(value.substring(5)));
                    } catch (NumberFormatException e) {
                        throw bad(where, section, key, value);
                    }
                    break;
                }
                throw bad(where, section, key, value);
        }
        if (gpuCount == 0) {
            throw new PymicException(ExitCode.CONFIG, where + ": [" + section.name() + "] " + key + " = " + value
                    + " asks for a GPU, but the PyTorch engine has no CUDA device (a CPU build of libtorch,"
                    + " or no driver); run 'pymic doctor' and see docs/cli.md, 'Running on a GPU'");
        }
        for (int i = 0; i < chosen.size(); i++) {
            int id = chosen.get(i);
            if (id < 0 || id >= gpuCount) {
                throw new PymicException(ExitCode.CONFIG, where + ": [" + section.name() + "] GPU id " + id
                        + " does not exist: the engine sees " + gpuCount + " CUDA device(s), ids 0 to " + (gpuCount - 1));
            }
            if (chosen.subList(0, i).contains(id)) {
                throw new PymicException(ExitCode.CONFIG, where + ": [" + section.name() + "] gpus lists GPU id " + id
                        + " twice");
            }
        }
        int first = chosen.get(0);
        String head = "cuda:" + first + " (" + key + " = " + value + ")";
        if (chosen.size() == 1) {
            String note = ids.length > 1 && value.startsWith("cuda:")
                    ? head + "; " + key + " = " + value + " names one device, gpus " + java.util.Arrays.toString(ids)
                    + " is not used" : head;
            return new DeviceChoice(Device.gpu(first), note);
        }
        if (!training) {
            return new DeviceChoice(Device.gpu(first), head + "; gpus lists " + chosen.size()
                    + " devices, inference computes on cuda:" + first + " only");
        }
        List<Device> devices = chosen.stream().map(Device::gpu).toList();
        return new DeviceChoice(devices, dataParallelNote(devices, key + " = " + value + ", gpus = " + chosen));
    }

    /** What the log and {@code pymic check} say of a data-parallel choice. */
    public static String dataParallelNote(List<Device> devices, String why) {
        List<String> names = devices.stream().map(DeviceChoice::name).toList();
        String primary = names.get(0);
        return String.join(", ", names) + " (" + why + "): data parallel, each training batch is split along its"
                + " first dimension over the " + devices.size() + " devices (a replica of every learning network on"
                + " each), outputs gathered and gradients summed on " + primary + ", where the optimiser steps and"
                + " which holds the batch-norm running statistics; teachers (networks that do not learn),"
                + " validation and inference compute on " + primary + " only (verified with replicas on the CPU;"
                + " not yet run on several GPUs)";
    }

    /** A device as the config names it: {@code cpu}, {@code cuda:N}. */
    public static String name(Device d) {
        return d.isGpu() ? "cuda:" + d.getDeviceId() : d.getDeviceType();
    }

    private static void listed(int[] ids, List<Integer> chosen) {
        if (ids.length == 0) {
            chosen.add(0);
        }
        for (int id : ids) {
            chosen.add(id);
        }
    }

    private static int[] gpus(ConfigSection section) {
        Object g = section.get("gpus");
        if (g == null) {
            return new int[0];
        }
        if (g instanceof Number n) {
            return new int[] {n.intValue()};
        }
        return section.getIntArray("gpus");
    }

    private static String norm(String v) {
        return v.trim().toLowerCase(Locale.ROOT);
    }

    private static PymicException bad(String where, ConfigSection section, String key, String value) {
        return new PymicException(ExitCode.CONFIG, where + ": [" + section.name() + "] " + key + " expects one of "
                + VALUES + ", got '" + value + "'");
    }
}
