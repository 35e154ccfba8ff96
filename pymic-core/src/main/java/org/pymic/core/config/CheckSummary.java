package org.pymic.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a valid config will do, in a few lines for {@code pymic check}: task and supervision,
 * network(s), method, loss, optimiser and schedule, data lists, transforms, iterations and the
 * checkpoint and output folders. Absent items are left out.
 */
public record CheckSummary(Map<String, String> items) {

    public CheckSummary {
        items = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(items));
    }

    public static CheckSummary of(Config cfg) {
        Map<String, String> m = new LinkedHashMap<>();
        ConfigSection d = cfg.section("dataset");
        ConfigSection n = cfg.section("network");
        ConfigSection t = cfg.section("training");
        ConfigSection te = cfg.section("testing");
        if (cfg.hasSection("dataset") || cfg.hasSection("network")) {
            m.put("task", d.stringOrDefault("task_type") + ", " + d.getString("supervise_type", cfg.supervision()));
        }
        put(m, "network", join(n.get("net_type")) + (n.get("class_num") != null ? " (" + n.get("class_num")
                + " classes, " + n.stringOrDefault("in_chns") + " input channel(s))" : ""));
        put(m, "method", method(cfg));
        put(m, "loss", join(t.get("loss_type")) + (t.get("loss_weight") != null ? " weights " + join(t.get("loss_weight")) : ""));
        put(m, "optimizer", t.get("optimizer") == null ? "" : t.get("optimizer") + " lr " + t.stringOrDefault("learning_rate")
                + (t.get("lr_scheduler") != null ? ", schedule " + t.get("lr_scheduler") : ""));
        List<String> lists = new ArrayList<>();
        for (String k : List.of("train_csv", "train_csv_unlab", "valid_csv", "test_csv")) {
            if (d.get(k) != null) {
                lists.add(k.replace("_csv", "") + " " + d.get(k));
            }
        }
        put(m, "data", String.join(", ", lists));
        put(m, "batch", d.get("train_batch_size") == null ? "" : d.get("train_batch_size")
                + (d.get("train_batch_size_unlab") != null ? " labelled + " + d.get("train_batch_size_unlab") + " unlabelled" : ""));
        put(m, "train transforms", join(d.get("train_transform")));
        if (t.get("iter_max") != null) {
            put(m, "iterations", t.get("iter_max") + ", validation every " + t.stringOrDefault("iter_valid"));
        }
        Object ckpt = t.get("ckpt_dir") != null ? t.get("ckpt_dir") : t.get("ckpt_save_dir");
        put(m, "checkpoints", ckpt == null ? "" : String.valueOf(ckpt));
        put(m, "output", te.get("output_dir") == null ? "" : te.get("output_dir")
                + (Boolean.TRUE.equals(te.get("sliding_window_enable")) ? ", sliding window " + join(te.get("sliding_window_size")) : "")
                + (te.get("post_process") != null ? ", post-processing " + te.get("post_process") : ""));
        ConfigSection ev = cfg.section("evaluation");
        put(m, "evaluation", join(ev.get("metric_list") != null ? ev.get("metric_list") : ev.get("metric")));
        return new CheckSummary(m);
    }

    private static String method(Config cfg) {
        for (Map.Entry<String, String> e : ConfigChecker.METHOD_SECTIONS.entrySet()) {
            ConfigSection s = cfg.section(e.getKey());
            Object name = s.get("method_name") != null ? s.get("method_name") : s.get(e.getValue());
            if (name != null) {
                return name + " [" + e.getKey() + "]";
            }
        }
        return cfg.hasSection("training") ? "fully supervised" : "";
    }

    private static String join(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof List<?> l) {
            return String.join(", ", l.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null && !v.isBlank()) {
            m.put(k, v);
        }
    }

    /** Aligned "name: value" lines. */
    public String text() {
        int w = items.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder b = new StringBuilder();
        items.forEach((k, v) -> b.append(String.format("%-" + (w + 1) + "s %s%n", k + ":", v)));
        return b.toString();
    }
}
