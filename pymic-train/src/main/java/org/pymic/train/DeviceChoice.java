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
 * {@code auto} and {@code cuda} take the first id of PyMIC's {@code gpus} list. {@code auto} is the GPU when
 * the engine has CUDA, the CPU otherwise; {@code cuda} without CUDA is a config error naming the key.
 * PyMIC's older {@code device_name} (a torch device string such as {@code cuda:0} or {@code cpu}) is read
 * the same way when {@code device} is not set; both set to different values is a config error.
 *
 * Everything else receives the chosen device: the run's root {@link ai.djl.ndarray.NDManager} is created
 * on it, and parameters, optimiser state, each step's batch (created once per step from the loader's
 * plain arrays), validation and inference arrays all live under that manager.
 *
 * pymic computes on one device. PyMIC splits a batch over several {@code gpus} with
 * {@code nn.DataParallel}; here a list of several ids uses the first and says so in {@link #note}.
 */
public record DeviceChoice(Device device, String note) {

    /** The keys and values this class reads. */
    public static final String KEY = "device";
    /** PyMIC's older key ({@code device_name = cuda:0}, a torch device string), read when {@code device} is not set. */
    public static final String ALIAS = "device_name";
    public static final List<String> VALUES = List.of("auto", "cpu", "cuda", "cuda:N");

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
        List<String> notes = new ArrayList<>();
        int id;
        switch (value) {
            case "cpu":
                return new DeviceChoice(Device.cpu(), "cpu (" + key + " = cpu)");
            case "auto":
                if (gpuCount == 0) {
                    return new DeviceChoice(Device.cpu(), "cpu (" + key + " = auto, the engine has no CUDA device)");
                }
                id = ids.length == 0 ? 0 : ids[0];
                break;
            case "cuda":
            case "gpu":
                id = ids.length == 0 ? 0 : ids[0];
                break;
            default:
                if (value.startsWith("cuda:")) {
                    try {
                        id = Integer.parseInt(value.substring(5));
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
        if (id < 0 || id >= gpuCount) {
            throw new PymicException(ExitCode.CONFIG, where + ": [" + section.name() + "] GPU id " + id
                    + " does not exist: the engine sees " + gpuCount + " CUDA device(s), ids 0 to " + (gpuCount - 1));
        }
        if (ids.length > 1) {
            notes.add("gpus lists " + ids.length + " devices; pymic computes on one, cuda:" + id);
        }
        String note = "cuda:" + id + " (" + key + " = " + value + ")" + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
        return new DeviceChoice(Device.gpu(id), note);
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
