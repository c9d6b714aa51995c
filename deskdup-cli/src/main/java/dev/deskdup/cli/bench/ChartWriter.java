package dev.deskdup.cli.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import dev.deskdup.cli.SafeOutputFile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PNG chart: frames per second for each size, one bar per contender, on a log axis (the contenders lie orders
 * of magnitude apart). A skipped contender has no bar at that size; one skipped at every size is named under the
 * x axis instead (the table and JSON say why).
 */
final class ChartWriter {

    private ChartWriter() {
    }

    /** Writes the chart as a PNG file, replacing it in one step ({@link SafeOutputFile}). */
    static void write(BenchReport report, Path png) throws IOException {
        SafeOutputFile.write("out", png, out -> write(report, out));
    }

    /** Writes the chart as PNG to {@code out}. */
    static void write(BenchReport report, OutputStream png) throws IOException {
        List<String> sizes = report.sizes();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (ContenderResult r : report.results()) {
            series.computeIfAbsent(r.name, k -> new ArrayList<>());
        }
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            for (String size : sizes) {
                Double fps = null;   // no bar
                for (ContenderResult r : report.results()) {
                    if (r.name.equals(e.getKey()) && r.size.equals(size) && !r.isSkipped() && r.fps() > 0) {
                        fps = r.fps();
                    }
                }
                e.getValue().add(fps);
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(1200).height(600)
                .title("deskdup bench: frames per second (log scale, higher is better)")
                .xAxisTitle("screen size").yAxisTitle("frames/s").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setLabelsVisible(false);
        List<String> skipped = new ArrayList<>();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            if (e.getValue().stream().allMatch(v -> v == null)) {
                skipped.add(e.getKey());
                continue;
            }
            chart.addSeries(e.getKey(), sizes, e.getValue());
            for (Double v : e.getValue()) {
                if (v != null) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (!skipped.isEmpty()) {
            // Not dropped silently: the x-axis title names them (the table and JSON say why).
            chart.setXAxisTitle("screen size      (skipped at every size: " + String.join("; ", skipped) + ")");
        }
        if (max == 0) {
            chart.setTitle("deskdup bench: every contender was skipped (see the table)");
            chart.getStyler().setYAxisLogarithmic(false);
            chart.addSeries("none", List.of("-"), List.of(0.0));
        } else {
            // Bars start from the axis minimum, which XChart puts at 0 for bars unless told: log 0 is undefined.
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
            chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max * 1.01))));
        }
        BitmapEncoder.saveBitmap(chart, png, BitmapEncoder.BitmapFormat.PNG);
    }
}
