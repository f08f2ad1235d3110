package dev.quill.load;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One latency measure of a run (end to end, TTFT, TPOT or inter-token), recorded in
 * microseconds into an HdrHistogram with 3 significant digits (0.1% relative error) up to an
 * hour. Thread-safe.
 */
public final class LatencyHistogram {
    /** Percentiles kept for distribution charts. */
    static final double[] SPECTRUM = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 97.5, 99, 99.5, 99.9, 100};

    private final Histogram histogram = new Histogram(3_600_000_000L, 3);

    public synchronized void recordNanos(long nanos) {
        if (nanos < 0) return;
        histogram.recordValue(Math.max(1, Math.min(nanos / 1000, histogram.getHighestTrackableValue())));
    }

    public synchronized void recordMicros(long micros) {
        histogram.recordValue(micros);
    }

    public synchronized Summary summary() {
        long n = histogram.getTotalCount();
        if (n == 0) return Summary.EMPTY;
        List<Point> spectrum = new ArrayList<>();
        for (double p : SPECTRUM) spectrum.add(new Point(p, ms(histogram.getValueAtPercentile(p))));
        return new Summary(n, histogram.getMean() / 1000, ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(90)),
                ms(histogram.getValueAtPercentile(95)), ms(histogram.getValueAtPercentile(99)), ms(histogram.getMaxValue()), spectrum);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    /** A point of the percentile distribution: {@code ms} is the latency at {@code percentile}. */
    public record Point(double percentile, double ms) {}

    /**
     * Percentiles in milliseconds (HdrHistogram's: the highest value equivalent to the smallest
     * recorded value with at least that share of the counts at or below it).
     */
    public record Summary(long count, double meanMs, double p50Ms, double p90Ms, double p95Ms, double p99Ms, double maxMs,
            List<Point> distribution) {
        public static final Summary EMPTY = new Summary(0, 0, 0, 0, 0, 0, 0, List.of());

        public Summary {
            distribution = List.copyOf(distribution);
        }
    }
}
