package dev.quill.server.observe;

import dev.quill.core.engine.Completion;
import dev.quill.core.engine.RequestTimeline;
import dev.quill.core.engine.StepRecord;
import dev.quill.server.tutor.Stage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the server did lately, for the live dashboard ({@code GET /v1/stats}): the same events as
 * the Prometheus metrics, kept as timed samples so that percentiles and rates can be read over a
 * recent window without a Prometheus server in between.
 *
 * <p>Latencies are percentiles over the last {@link #WINDOW_SECONDS}; rates (requests, steps,
 * tokens, busy time) over the last {@link #RATE_WINDOW_SECONDS}. End-to-end latency is each
 * whole request's (arrival at the server to its response), never a sum of stage percentiles
 * (seed 000's fallacy); the stages are reported by mean, which do add up, for the stacked bar
 * against the budget, and by p95 for their burn rate (p95 / allocation, as in {@link TraceReport}).
 */
public final class LiveStats {
    public static final int WINDOW_SECONDS = 60;
    public static final int RATE_WINDOW_SECONDS = 5;
    /** Per series; an engine step every millisecond still fills less than the rate window's worth. */
    private static final int CAPACITY = 16_384;
    /** Stages timed inside another: the tutor retrieves rule cards within {@code format.json}. */
    private static final Map<String, String> RUNS_INSIDE = Map.of(Stage.RETRIEVE_HYBRID.spanName(), Stage.FORMAT_JSON.spanName());

    private final long startNanos;
    private final TimedSamples ttftMillis = new TimedSamples(CAPACITY);
    private final TimedSamples e2eMillis = new TimedSamples(CAPACITY);
    private final TimedSamples requestEnds = new TimedSamples(CAPACITY);
    private final TimedSamples stepSizes = new TimedSamples(CAPACITY);
    private final TimedSamples stepBusyMillis = new TimedSamples(CAPACITY);
    private final TimedSamples promptTokens = new TimedSamples(CAPACITY);
    private final TimedSamples outputTokens = new TimedSamples(CAPACITY);
    private final Map<String, TimedSamples> stageMillis = new ConcurrentHashMap<>();
    private final LongAdder requestsTotal = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final DoubleAdder costUsdTotal = new DoubleAdder();

    /** Nearest-rank p50 and p95 of a window's samples, milliseconds; NaN when there were none. */
    public record Percentiles(int count, double p50, double p95) {
        static Percentiles of(double[] values) {
            double[] v = values.clone();
            Arrays.sort(v);
            return new Percentiles(v.length, TraceReport.percentile(v, 50), TraceReport.percentile(v, 95));
        }
    }

    /**
     * One stage over the window: its mean and p95, milliseconds (NaN when it never ran), its mean
     * less the stages that run inside it (what stacks: {@code format.json} without the retrieval
     * within it), and its allocation in the latency budget (NaN when it has none).
     */
    public record StageRow(String stage, int count, double meanMillis, double selfMeanMillis, double p95Millis,
            double budgetMillis) {
        /** p95 / allocation; NaN without samples or allocation. */
        public double burnRate() {
            return count == 0 || Double.isNaN(budgetMillis) ? Double.NaN : p95Millis / budgetMillis;
        }
    }

    /**
     * The numbers at one moment.
     *
     * @param requestsTotal       model requests ended since start, whatever their status
     * @param requestsByStatus    the same by HTTP status
     * @param requestsPerSecond   model requests ended per second over the rate window
     * @param ttftMillis          engine arrival to first token, over the window
     * @param e2eMillis           answered requests (status below 400), arrival to response end, over the window
     * @param stepsPerSecond      engine steps per second over the rate window
     * @param meanBatchSize       sequences per step over the rate window's steps (0 when idle)
     * @param maxBatchSize        the largest of those steps
     * @param busyRatio           engine step time / wall time over the rate window (0-1)
     * @param costUsdTotal        every request's charged cost since start
     */
    public record Snapshot(double uptimeSeconds, long requestsTotal, Map<Integer, Long> requestsByStatus,
            double requestsPerSecond, Percentiles ttftMillis, Percentiles e2eMillis, double stepsPerSecond,
            double meanBatchSize, int maxBatchSize, double busyRatio, double promptTokensPerSecond,
            double outputTokensPerSecond, List<StageRow> stages, double costUsdTotal) {}

    public LiveStats() {
        this.startNanos = System.nanoTime();
    }

    /** On the engine thread, after each step. */
    void step(StepRecord r, long nowNanos) {
        stepSizes.add(nowNanos, r.sequences());
        stepBusyMillis.add(nowNanos, r.durationNanos() / 1e6);
    }

    /** On the engine thread, once per request the engine ended. */
    void finished(Completion c, long nowNanos, double costUsd) {
        RequestTimeline t = c.timeline();
        if (t.ttftNanos() >= 0) ttftMillis.add(nowNanos, t.ttftNanos() / 1e6);
        stage(LatencyBudget.QUEUE, t.queueNanos(), nowNanos);
        promptTokens.add(nowNanos, c.promptTokens());
        outputTokens.add(nowNanos, c.outputTokens().length);
        costUsdTotal.add(costUsd);
    }

    void stage(Stage stage, long durationNanos, long endNanos) {
        stage(stage.spanName(), durationNanos, endNanos);
    }

    private void stage(String name, long durationNanos, long endNanos) {
        stageMillis.computeIfAbsent(name, k -> new TimedSamples(CAPACITY)).add(endNanos, Math.max(0, durationNanos) / 1e6);
    }

    /** A model request's response is complete. */
    void request(int status, long durationNanos, long endNanos) {
        requestsTotal.increment();
        byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
        requestEnds.add(endNanos, status);
        if (status < 400) e2eMillis.add(endNanos, durationNanos / 1e6);
    }

    /** The numbers now, the stages in {@code budget}'s order, then any others. */
    public Snapshot snapshot(long nowNanos, LatencyBudget budget) {
        long window = nowNanos - TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);
        long rateFrom = nowNanos - TimeUnit.SECONDS.toNanos(RATE_WINDOW_SECONDS);
        // a server younger than the rate window is averaged over its life, not over time it did not exist
        double rateSeconds = Math.max(1e-3, Math.min(RATE_WINDOW_SECONDS, (nowNanos - startNanos) / 1e9));

        double[] sizes = stepSizes.since(rateFrom);
        double meanBatch = sizes.length == 0 ? 0 : Arrays.stream(sizes).sum() / sizes.length;
        int maxBatch = (int) Arrays.stream(sizes).max().orElse(0);
        double busy = Math.min(1, Arrays.stream(stepBusyMillis.since(rateFrom)).sum() / 1000 / rateSeconds);

        Map<String, double[]> samples = new TreeMap<>();
        stageMillis.forEach((name, s) -> samples.put(name, s.since(window)));
        for (String name : budget.allocationsMillis().keySet()) samples.putIfAbsent(name, new double[0]);
        Map<String, StageRow> rows = new LinkedHashMap<>();
        for (String name : budget.allocationsMillis().keySet()) rows.put(name, stageRow(name, samples, budget.allocationsMillis().get(name)));
        for (String name : samples.keySet()) rows.computeIfAbsent(name, n -> stageRow(n, samples, Double.NaN));

        Map<Integer, Long> statuses = new TreeMap<>();
        byStatus.forEach((status, n) -> statuses.put(status, n.sum()));
        return new Snapshot((nowNanos - startNanos) / 1e9, requestsTotal.sum(), statuses,
                requestEnds.since(rateFrom).length / rateSeconds,
                Percentiles.of(ttftMillis.since(window)), Percentiles.of(e2eMillis.since(window)),
                sizes.length / rateSeconds, meanBatch, maxBatch, busy,
                Arrays.stream(promptTokens.since(rateFrom)).sum() / rateSeconds,
                Arrays.stream(outputTokens.since(rateFrom)).sum() / rateSeconds,
                new ArrayList<>(rows.values()), costUsdTotal.sum());
    }

    private static StageRow stageRow(String name, Map<String, double[]> samples, double budgetMillis) {
        double[] v = samples.get(name);
        Percentiles p = Percentiles.of(v);
        double sum = Arrays.stream(v).sum();
        double inner = 0;
        for (Map.Entry<String, String> e : RUNS_INSIDE.entrySet()) {
            if (e.getValue().equals(name)) inner += Arrays.stream(samples.getOrDefault(e.getKey(), new double[0])).sum();
        }
        double mean = v.length == 0 ? Double.NaN : sum / v.length;
        double self = v.length == 0 ? Double.NaN : Math.max(0, sum - inner) / v.length;
        return new StageRow(name, v.length, mean, self, p.p95(), budgetMillis);
    }
}
