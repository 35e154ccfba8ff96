package org.pymic.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pymic.core.config.ConfigEntry;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;

/**
 * Builds the training loss from a {@code [training]} section as PyMIC does: {@code loss_type} names
 * one loss or a list combined with {@code loss_weight}; {@code deep_supervise = True} wraps it in a
 * {@link DeepSuperviseLoss} ({@code deep_supervise_weight}, {@code deep_supervise_mode}, default 2).
 * Each loss reads its own keys from the same section (e.g. {@code loss_softmax},
 * {@code loss_class_weight}).
 */
public final class Losses {
    private Losses() {
    }

    /**
     * The loss configured in {@code training}.
     *
     * @param training the {@code [training]} section
     * @param classNum number of classes of the network, checked against class-weight lists
     */
    public static SegLoss fromConfig(ConfigSection training, int classNum) {
        return fromConfig(training, classNum, Registry.global());
    }

    /** As {@link #fromConfig(ConfigSection, int)} with an explicit registry. */
    public static SegLoss fromConfig(ConfigSection training, int classNum, Registry registry) {
        List<String> names = training.has("loss_type") ? training.getStringList("loss_type")
                : List.of(training.stringOrDefault("loss_type"));
        if (names.isEmpty()) {
            throw PymicException.config(where(training, "loss_type") + ": [training] loss_type is missing; "
                    + "expected a loss name such as DiceLoss or a list [DiceLoss, CrossEntropyLoss]");
        }
        Map<String, Object> values = training.values();
        for (String key : List.of("loss_class_weight", "focalloss_alpha")) {
            double[] w = training.getDoubleArray(key);
            if (w != null && w.length != classNum) {
                throw PymicException.config(where(training, key) + ": [training] " + key + " has " + w.length
                        + " values, expected one per class (" + classNum + ")");
            }
        }
        List<SegLoss> losses = new ArrayList<>();
        for (String name : names) {
            ComponentSpec spec;
            try {
                spec = registry.require(ComponentKind.LOSS, name);
                losses.add(spec.create(Params.resolve(spec, values)));
            } catch (PymicException e) {
                throw new PymicException(e.exitCode(), where(training, "loss_type") + ": [training] " + e.getMessage(),
                        e);
            }
        }
        SegLoss loss;
        if (losses.size() == 1 && !(training.get("loss_type") instanceof List<?> l && l.size() > 1)) {
            double[] w = training.getDoubleArray("loss_weight");
            loss = w == null || w.length != 1 || w[0] == 1.0 ? losses.get(0)
                    : new CombinedLoss(losses, w);
        } else {
            double[] w = training.getDoubleArray("loss_weight");
            if (w == null) {
                w = new double[losses.size()];
                java.util.Arrays.fill(w, 1.0);
            }
            if (w.length != losses.size()) {
                throw PymicException.config(where(training, "loss_weight") + ": [training] loss_weight has " + w.length
                        + " values, expected one per loss_type entry (" + losses.size() + ")");
            }
            loss = new CombinedLoss(losses, w);
        }
        if (training.boolOrDefault("deep_supervise")) {
            double[] dw = training.getDoubleArray("deep_supervise_weight");
            int mode = training.intOrDefault("deep_supervise_mode");
            try {
                loss = new DeepSuperviseLoss(loss, dw, mode);
            } catch (PymicException e) {
                throw new PymicException(e.exitCode(), where(training, "deep_supervise_mode") + ": [training] "
                        + e.getMessage(), e);
            }
        }
        return loss;
    }

    private static String where(ConfigSection s, String key) {
        return s.entry(key).map(ConfigEntry::location).orElse(s.location());
    }
}
