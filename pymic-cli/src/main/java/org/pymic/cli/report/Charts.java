package org.pymic.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The report's charts: JFreeChart line and box plots exported as inline SVG elements (JFreeSVG), so
 * the page needs no image files and no network. Each chart gets its own prefix for the ids of its
 * clip paths, so several charts can share one page.
 */
public final class Charts {
    /** A named line: x and y of the same length. */
    public record Line(String name, double[] x, double[] y) {
    }

    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);

    private int count;

    /** A line chart of iteration against value; {@code logY} for quantities over orders of magnitude. */
    public String lines(String title, String xLabel, String yLabel, List<Line> lines, boolean logY, int width,
                        int height) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Line l : lines) {
            XYSeries s = new XYSeries(l.name(), false, true);
            for (int i = 0; i < l.x().length; i++) {
                if (!logY || l.y()[i] > 0) {
                    s.add(l.x()[i], l.y()[i]);
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                lines.size() > 1, false, false);
        XYPlot plot = chart.getXYPlot();
        if (logY && data.getSeriesCount() > 0 && data.getItemCount(0) > 0) {
            org.jfree.chart.axis.LogAxis axis = new org.jfree.chart.axis.LogAxis(yLabel);
            axis.setSmallestValue(1e-6);
            plot.setRangeAxis(axis);
        } else {
            // a constant curve (a fixed learning rate) reads best against zero
            ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(constant(lines));
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < lines.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(1.6f));
            // a curve of one point shows as a point
            r.setSeriesShapesVisible(i, data.getSeries(i).getItemCount() == 1);
        }
        plot.setRenderer(r);
        style(chart);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        return svg(chart, width, height);
    }

    /**
     * A box plot: one box per category (a structure) and series (a run), from the values given
     * (non-finite values left out, and boxes without a value); null when no box has a value.
     */
    public String boxes(String title, String yLabel, Map<String, Map<String, List<Double>>> valuesBySeriesThenCategory,
                        int width, int height) {
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        valuesBySeriesThenCategory.forEach((series, byCategory) -> byCategory.forEach((category, values) -> {
            List<Double> defined = values.stream().filter(Double::isFinite).toList();
            // a box of no value has NaN coordinates: leave it out
            if (!defined.isEmpty()) {
                data.add(defined, series, category);
            }
        }));
        if (data.getRowCount() == 0) {
            return null;
        }
        JFreeChart chart = ChartFactory.createBoxAndWhiskerChart(title, "structure", yLabel, data,
                valuesBySeriesThenCategory.size() > 1);
        CategoryPlot plot = chart.getCategoryPlot();
        BoxAndWhiskerRenderer r = (BoxAndWhiskerRenderer) plot.getRenderer();
        // the mean is in the table; its marker scales with the box and hides small boxes
        r.setMeanVisible(false);
        r.setMaxOutlierVisible(true);
        r.setMinOutlierVisible(true);
        r.setMaximumBarWidth(0.12);
        for (int i = 0; i < valuesBySeriesThenCategory.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        style(chart);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        return svg(chart, width, height);
    }

    private static boolean constant(List<Line> lines) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Line l : lines) {
            for (double v : l.y()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return hi - lo <= 1e-9 * Math.max(Math.abs(hi), 1e-12);
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        TextTitle t = chart.getTitle();
        if (t != null) {
            t.setFont(TITLE);
        }
    }

    private String svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix("chart" + (++count) + "_");
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        chart.draw(g, new Rectangle(0, 0, width, height));
        return g.getSVGElement("chart" + count);
    }
}
