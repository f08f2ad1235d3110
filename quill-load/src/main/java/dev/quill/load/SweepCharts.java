package dev.quill.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The sweep's charts (JFreeChart, PNG): {@code latency.png} (e2e p50 solid and p95 dashed
 * against concurrency, per policy: seed 004's "plot p50 against concurrency"), {@code throughput.png}
 * (requests/s against concurrency) and {@code ttft.png} (the TTFT percentile distribution of each
 * policy at one concurrency). Concurrency is on a log-2 axis, so a linear p50 curve bends up.
 */
public final class SweepCharts {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 480;
    private static final Color[] COLORS = {new Color(0xD55E00), new Color(0x0072B2), new Color(0x009E73), new Color(0xCC79A7)};

    private SweepCharts() {}

    public static void write(Sweep.Result result, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> policies = result.policies();
        XYSeriesCollection latency = new XYSeriesCollection();
        XYSeriesCollection throughput = new XYSeriesCollection();
        for (String p : policies) {
            XYSeries p50 = new XYSeries(p + " p50");
            XYSeries p95 = new XYSeries(p + " p95");
            XYSeries rps = new XYSeries(p);
            for (LoadResult r : result.policy(p)) {
                p50.add(r.run().concurrency(), r.e2e().p50Ms());
                p95.add(r.run().concurrency(), r.e2e().p95Ms());
                rps.add(r.run().concurrency(), r.requestsPerSecond());
            }
            latency.addSeries(p50);
            latency.addSeries(p95);
            throughput.addSeries(rps);
        }
        JFreeChart lat = ChartFactory.createXYLineChart("End-to-end latency against concurrency", "concurrent clients", "ms",
                latency, PlotOrientation.VERTICAL, true, false, false);
        style(lat, true, true);
        ChartUtils.saveChartAsPNG(dir.resolve("latency.png").toFile(), lat, WIDTH, HEIGHT);

        JFreeChart thr = ChartFactory.createXYLineChart("Throughput against concurrency", "concurrent clients", "requests/s",
                throughput, PlotOrientation.VERTICAL, true, false, false);
        style(thr, true, false);
        ChartUtils.saveChartAsPNG(dir.resolve("throughput.png").toFile(), thr, WIDTH, HEIGHT);

        int at = ttftConcurrency(result);
        XYSeriesCollection ttft = new XYSeriesCollection();
        for (String p : policies) {
            XYSeries s = new XYSeries(p);
            result.policy(p).stream().filter(r -> r.run().concurrency() == at).findFirst()
                    .ifPresent(r -> r.ttft().distribution().forEach(pt -> s.add(pt.percentile(), pt.ms())));
            ttft.addSeries(s);
        }
        JFreeChart tt = ChartFactory.createXYLineChart(String.format(Locale.ROOT, "Time to first token at %d concurrent clients", at),
                "percentile", "ms", ttft, PlotOrientation.VERTICAL, true, false, false);
        style(tt, false, false);
        ChartUtils.saveChartAsPNG(dir.resolve("ttft.png").toFile(), tt, WIDTH, HEIGHT);
    }

    /** The concurrency the TTFT chart shows: 8 (seed 004's) when swept, else the highest. */
    static int ttftConcurrency(Sweep.Result result) {
        List<Integer> cs = result.points().stream().map(r -> r.run().concurrency()).distinct().sorted().toList();
        return cs.contains(8) ? 8 : cs.getLast();
    }

    private static void style(JFreeChart chart, boolean log2X, boolean pairs) {
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (log2X) {
            LogAxis x = new LogAxis(plot.getDomainAxis().getLabel());
            x.setBase(2);
            x.setTickUnit(new NumberTickUnit(1));
            x.setNumberFormatOverride(new java.text.DecimalFormat("0"));
            plot.setDomainAxis(x);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
            int policy = pairs ? i / 2 : i;
            r.setSeriesPaint(i, COLORS[policy % COLORS.length]);
            r.setSeriesStroke(i, pairs && i % 2 == 1
                    ? new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2f));
        }
        plot.setRenderer(r);
    }
}
