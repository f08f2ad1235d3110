package dev.quill.server.observe;

import dev.quill.core.engine.Completion;
import dev.quill.core.engine.Engine;
import dev.quill.core.engine.EngineSnapshot;
import dev.quill.core.engine.RequestTimeline;
import dev.quill.core.engine.StepRecord;
import dev.quill.server.tutor.CostModel;
import dev.quill.server.tutor.Stage;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics, with the official Java client, named after vLLM's
 * ({@code vllm:time_to_first_token_seconds} is {@code quill_time_to_first_token_seconds}) and in
 * base units: seconds, tokens, US dollars.
 *
 * <p>Per request, once, when the engine ends it (whatever the reason, so a request that was
 * preempted and recomputed still gives one TTFT sample): TTFT, inter-token gaps, TPOT,
 * end-to-end, queue, prefill and decode times, prompt and generation tokens, cost. Per engine
 * step: batch size and busy time. Read from the engine's snapshot at scrape time: running and
 * waiting requests, KV cache usage, prefix-cache queries and hits, preemptions. From the HTTP
 * layer: per-stage durations, requests by status and finish reason, refusals by reason.
 */
public final class ServingMetrics {
    /** Request latencies on a CPU model run from milliseconds to tens of seconds. */
    private static final double[] LATENCY_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5,
            0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80};
    /** Per-token gaps (vLLM's inter-token buckets, with finer ones at the bottom for a small model). */
    private static final double[] TOKEN_GAP_SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04,
            0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5};
    /** Stages range from microseconds (validation) to seconds (decode). */
    private static final double[] STAGE_SECONDS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
            0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final double[] BATCH_SIZES = {1, 2, 4, 8, 16, 24, 32, 48, 64, 128, 256};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final CostModel cost;

    private final Histogram ttft;
    private final Histogram interToken;
    private final Histogram tpot;
    private final Histogram e2e;
    private final Histogram queue;
    private final Histogram prefill;
    private final Histogram decode;
    private final Map<Stage, DistributionDataPoint> stages = new EnumMap<>(Stage.class);
    private final Histogram batchSize;
    private final Counter promptTokens;
    private final Counter generationTokens;
    private final Counter requests;
    private final Counter rejected;
    private final Counter costUsd;
    private final Counter busySeconds;

    public ServingMetrics(CostModel cost) {
        this.cost = cost;
        ttft = histogram("quill_time_to_first_token_seconds", "Time to first token: arrival at the engine to the first output token.", LATENCY_SECONDS);
        interToken = histogram("quill_inter_token_latency_seconds", "Gap between consecutive output tokens of a request.", TOKEN_GAP_SECONDS);
        tpot = histogram("quill_request_time_per_output_token_seconds", "A request's mean time per output token after the first.", TOKEN_GAP_SECONDS);
        e2e = histogram("quill_e2e_request_latency_seconds", "Arrival at the engine to the request's end.", LATENCY_SECONDS);
        queue = histogram("quill_request_queue_time_seconds", "Time a request waited before the engine first ran it.", LATENCY_SECONDS);
        prefill = histogram("quill_request_prefill_time_seconds", "First scheduled to first token.", LATENCY_SECONDS);
        decode = histogram("quill_request_decode_time_seconds", "First token to the request's end.", LATENCY_SECONDS);
        Histogram stage = Histogram.builder().name("quill_stage_duration_seconds")
                .help("Duration of each stage of a request (the spans of seed 000).").labelNames("stage")
                .classicUpperBounds(STAGE_SECONDS).classicOnly().register(registry);
        for (Stage s : Stage.values()) stages.put(s, stage.labelValues(s.spanName()));
        batchSize = Histogram.builder().name("quill_engine_step_batch_size").help("Sequences in each engine step.")
                .classicUpperBounds(BATCH_SIZES).classicOnly().register(registry);
        promptTokens = Counter.builder().name("quill_prompt_tokens_total").help("Prompt tokens of the requests the engine ended.").register(registry);
        generationTokens = Counter.builder().name("quill_generation_tokens_total").help("Output tokens generated.").register(registry);
        requests = Counter.builder().name("quill_requests_total")
                .help("Model requests answered, by HTTP status and finish reason (none when the engine gave no answer).")
                .labelNames("status", "finished_reason").register(registry);
        rejected = Counter.builder().name("quill_requests_rejected_total")
                .help("Requests refused with a problem, by reason (the problem type's slug).").labelNames("reason").register(registry);
        costUsd = Counter.builder().name("quill_request_cost_usd_total")
                .help("Cost of the engine time charged to requests, at the instance price.").register(registry);
        busySeconds = Counter.builder().name("quill_engine_busy_seconds_total")
                .help("Time the engine spent running steps (the basis of every request's cost).").register(registry);
        Gauge budget = Gauge.builder().name("quill_stage_budget_seconds")
                .help("Each stage's latency budget allocation (LatencyBudget's defaults: seed 000's table scaled to 1 s).")
                .labelNames("stage").register(registry);
        LatencyBudget.defaults().allocationsMillis().forEach((stageName, ms) -> budget.labelValues(stageName).set(ms / 1000));
        Gauge price = Gauge.builder().name("quill_instance_price_usd_per_hour").help("The configured instance price.").register(registry);
        price.set(cost.usdPerHour());
    }

    private Histogram histogram(String name, String help, double[] bounds) {
        return Histogram.builder().name(name).help(help).classicUpperBounds(bounds).classicOnly().register(registry);
    }

    /** Registers the gauges and counters that read the engine at scrape time, and listens to its steps. */
    public void attach(Engine engine) {
        Supplier<EngineSnapshot> s = engine::snapshot;
        GaugeWithCallback.builder().name("quill_num_requests_running").help("Requests in the engine's running batch.")
                .callback(cb -> cb.call(s.get().running())).register(registry);
        GaugeWithCallback.builder().name("quill_num_requests_waiting").help("Requests waiting for the engine (new or preempted).")
                .callback(cb -> cb.call(s.get().waiting())).register(registry);
        GaugeWithCallback.builder().name("quill_kv_cache_usage_ratio").help("Fraction of KV cache blocks in use (0-1).")
                .callback(cb -> cb.call(s.get().kvUsageRatio())).register(registry);
        CounterWithCallback.builder().name("quill_prefix_cache_queries_total").help("Prompt tokens looked up in the prefix cache.")
                .callback(cb -> cb.call(s.get().prefixQueriedTokens())).register(registry);
        CounterWithCallback.builder().name("quill_prefix_cache_hits_total").help("Prompt tokens found in the prefix cache.")
                .callback(cb -> cb.call(s.get().prefixHitTokens())).register(registry);
        CounterWithCallback.builder().name("quill_num_preemptions_total").help("Sequences preempted (to be recomputed).")
                .callback(cb -> cb.call(s.get().preemptions())).register(registry);
        // as vLLM's spec_decode_num_draft_tokens / spec_decode_num_accepted_tokens
        CounterWithCallback.builder().name("quill_spec_decode_draft_tokens_total")
                .help("Draft tokens verified by speculative decoding (the unchanged sentence as the draft).")
                .callback(cb -> cb.call(s.get().draftProposedTokens())).register(registry);
        CounterWithCallback.builder().name("quill_spec_decode_accepted_tokens_total")
                .help("Draft tokens the model confirmed (output without a step of their own).")
                .callback(cb -> cb.call(s.get().draftAcceptedTokens())).register(registry);
        engine.addStepListener(this::step);
    }

    /** On the engine thread, after each step. */
    void step(StepRecord r) {
        batchSize.observe(r.sequences());
        busySeconds.inc(r.durationNanos() / 1e9);
    }

    /** On the engine thread, once per request, whatever the reason it ended. */
    void finished(Completion c) {
        RequestTimeline t = c.timeline();
        if (t.ttftNanos() >= 0) ttft.observe(t.ttftNanos() / 1e9);
        for (long gap : t.interTokenNanos()) interToken.observe(gap / 1e9);
        if (t.tpotNanos() >= 0) tpot.observe(t.tpotNanos() / 1e9);
        e2e.observe(t.e2eNanos() / 1e9);
        if (t.scheduledNanos() >= 0) queue.observe(t.queueNanos() / 1e9);
        if (t.prefillNanos() >= 0) prefill.observe(t.prefillNanos() / 1e9);
        if (t.decodeNanos() >= 0) decode.observe(t.decodeNanos() / 1e9);
        promptTokens.inc(c.promptTokens());
        generationTokens.inc(c.outputTokens().length);
        costUsd.inc(cost.usd(c.computeShareNanos()));
    }

    void stage(Stage stage, long nanos) {
        stages.get(stage).observe(Math.max(0, nanos) / 1e9);
    }

    void request(int status, String finishedReason) {
        requests.labelValues(Integer.toString(status), finishedReason == null ? "none" : finishedReason.toLowerCase(Locale.ROOT)).inc();
    }

    void rejected(String reason) {
        rejected.labelValues(reason).inc();
    }

    /** The Prometheus text format's media type. */
    public String contentType() {
        return writer.getContentType();
    }

    /** Writes every metric in the Prometheus text format. */
    public void scrape(OutputStream out) throws IOException {
        writer.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
    }
}
