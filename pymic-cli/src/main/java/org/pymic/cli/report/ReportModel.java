package org.pymic.cli.report;

import java.util.List;

/** What the page template shows: plain values, already formatted; charts as SVG text, images as data URIs. */
public final class ReportModel {
    private ReportModel() {
    }

    public record Page(String title, String generated, String version, List<RunView> runs, Comparison comparison,
                       List<String> notes) {
    }

    public record KeyValue(String key, String value) {
    }

    public record Chart(String title, String svg) {
    }

    public record Cell(String text, String sort) {
    }

    public record Row(String name, List<Cell> cells) {
    }

    public record CheckpointRow(String file, int iteration, String role, String size) {
    }

    public record CaseListRow(String key, String sha256, String cases) {
    }

    public record OverlayView(String role, String caseName, String score, String uri, int width, int height,
                              String note) {
    }

    public record EvalView(String id, String file, List<String> headers, List<Row> rows, List<Row> summary,
                           List<Chart> boxes, List<OverlayView> overlays, String overlayNote) {
    }

    public record RunView(String id, String name, String dir, String method, String supervision, String labels,
                          List<KeyValue> provenance, List<CaseListRow> caseLists, List<CheckpointRow> checkpoints,
                          String configText, List<Chart> charts, List<KeyValue> timing, List<EvalView> evals,
                          List<OverlayView> scribbles, List<String> notes) {
        public boolean hasCaseLists() {
            return !caseLists.isEmpty();
        }

        public boolean hasTiming() {
            return !timing.isEmpty();
        }

        public boolean hasScribbles() {
            return !scribbles.isEmpty();
        }
    }

    public record ComparisonRow(String name, String method, String labels, List<String> dice, List<String> hd95,
                                String bestValid, String iterations, String time, String msPerStep) {
    }

    public record Comparison(List<String> diceHeaders, List<String> hd95Headers, List<ComparisonRow> rows,
                             List<Chart> charts, String sameCase, List<OverlayView> sameCaseOverlays,
                             String sameCaseNote) {
    }
}
