package dev.quill.server.observe;

import dev.quill.core.engine.Completion;
import dev.quill.core.engine.RequestTimeline;
import dev.quill.core.model.EnsembleModel;
import dev.quill.server.tutor.CostModel;
import dev.quill.server.tutor.Stage;
import dev.quill.server.tutor.StageObserver;
import dev.quill.server.tutor.Tutor;
import dev.quill.server.tutor.Usage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Traces, metrics and cost for the server, hung on the tutor's {@link StageObserver} seam.
 *
 * <p>Traces (OpenTelemetry SDK): every model request ({@code POST /v1/...}) gets a root span
 * {@code http.request} and a child span per {@link Stage} (seed 000's nine), each with
 * {@code request_id}. The root continues the caller's W3C {@code traceparent}/{@code tracestate}
 * and the response carries the root's own; it holds the request's serving facts (seed 003's
 * trace checklist): queue time, batch size at admission, preemptions, prompt and output tokens,
 * TTFT, TPOT, prefill and decode time, model name, version and weight format, finish reason,
 * HTTP status, engine time and cost. Spans go to a local JSON-lines file always (the trace
 * report's input) and over OTLP/HTTP when an endpoint is configured, each behind a batch
 * processor (no request thread waits on an exporter). Sampling follows the caller's sampled flag.
 *
 * <p>Metrics: {@link ServingMetrics}; the same events over a recent window for the live
 * dashboard: {@link LiveStats}. Cost: {@link CostModel}, the price times the engine time
 * each request was charged.
 */
public final class Telemetry implements StageObserver, AutoCloseable {
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("request_id");

    private static final TextMapGetter<Function<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
            return carrier == null ? null : carrier.apply(key);
        }
    };

    private final ObservabilityConfig config;
    private final CostModel cost;
    private final SdkTracerProvider tracerProvider;
    private final Tracer tracer;
    private final ServingMetrics metrics;
    private final LiveStats live = new LiveStats();
    private final Map<String, RequestState> requests = new ConcurrentHashMap<>();
    /** {@link System#nanoTime()} to Unix time: spans take readings made on the monotonic clock. */
    private final long epochAnchorNanos;
    private final long nanoAnchor;
    private volatile Attributes modelAttributes = Attributes.empty();

    /** What is known of one request in flight. */
    private static final class RequestState {
        /** Set once, by the request's own thread, before anything else reads it. */
        volatile Span root;
        final long arrivalNanos;
        volatile String finishReason;

        RequestState(long arrivalNanos) {
            this.arrivalNanos = arrivalNanos;
        }
    }

    private Telemetry(ObservabilityConfig config) {
        this.config = config;
        this.cost = new CostModel(config.usdPerHour());
        Instant now = Instant.now();
        this.nanoAnchor = System.nanoTime();
        this.epochAnchorNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        if (config.tracing()) {
            Resource resource = Resource.getDefault().merge(Resource.create(
                    Attributes.of(AttributeKey.stringKey("service.name"), config.serviceName())));
            SdkTracerProviderBuilder b = SdkTracerProvider.builder().setResource(resource)
                    .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
                    .addSpanProcessor(BatchSpanProcessor.builder(
                            new SpanFileExporter(config.spanFile(), config.spanFileMaxBytes(), config.spanFileKeep()))
                            .setScheduleDelay(Duration.ofMillis(500)).setMaxQueueSize(16_384).setMaxExportBatchSize(1024).build());
            config.otlpEndpoint().ifPresent(endpoint -> b.addSpanProcessor(BatchSpanProcessor.builder(
                    OtlpHttpSpanExporter.builder().setEndpoint(tracesUrl(endpoint)).build()).build()));
            this.tracerProvider = b.build();
            this.tracer = tracerProvider.get("dev.quill.server");
        } else {
            this.tracerProvider = null;
            this.tracer = null;
        }
        this.metrics = config.metrics() ? new ServingMetrics(cost) : null;
    }

    public static Telemetry start(ObservabilityConfig config) {
        return new Telemetry(config);
    }

    /** OTLP/HTTP takes spans at {@code /v1/traces} under the collector's base URL. */
    static String tracesUrl(String endpoint) {
        String e = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return e.endsWith("/v1/traces") ? e : e + "/v1/traces";
    }

    public ObservabilityConfig config() {
        return config;
    }

    /** The price requests are charged at (pass it to {@link Tutor#open}). */
    public CostModel cost() {
        return cost;
    }

    public boolean metricsEnabled() {
        return metrics != null;
    }

    /** The recent numbers behind the live dashboard ({@code GET /v1/stats}); kept whether or not metrics are on. */
    public LiveStats live() {
        return live;
    }

    /** The Prometheus metrics; only when {@link #metricsEnabled()}. */
    public ServingMetrics metrics() {
        if (metrics == null) throw new IllegalStateException("metrics are off");
        return metrics;
    }

    /** Learns the model (name, version, weight format) and starts watching the tutor's engine. */
    public void attach(Tutor tutor, Path modelDir) {
        modelAttributes = Attributes.builder()
                .put("gen_ai.request.model", tutor.modelName())
                .put("quill.model.version", fingerprint(modelDir))
                .put("quill.model.weight_format", tutor.weightFormat())
                .put("quill.price_usd_per_hour", cost.usdPerHour())
                .build();
        if (metrics != null) metrics.attach(tutor.engine());
        tutor.engine().addStepListener(step -> live.step(step, System.nanoTime()));
    }

    // ---------------------------------------------------------------- the HTTP side

    /**
     * Opens the root span of a model request, continuing the caller's trace context from
     * {@code requestHeader}, and hands the root's own {@code traceparent} (and the caller's
     * {@code tracestate}) to {@code responseHeader}. Returns false, and does nothing, when a request
     * with this id is already in flight: every request needs an id of its own to be counted and
     * traced, so the caller picks another.
     */
    public boolean beginRequest(String requestId, long arrivalNanos, String method, String path,
            Function<String, String> requestHeader, BiConsumer<String, String> responseHeader) {
        RequestState state = new RequestState(arrivalNanos);
        if (requests.putIfAbsent(requestId, state) != null) return false;
        if (tracer == null) return true;
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), requestHeader, HEADERS);
        Span root = tracer.spanBuilder("http.request").setParent(parent).setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(epochNanos(arrivalNanos), TimeUnit.NANOSECONDS)
                .setAllAttributes(modelAttributes)
                .setAttribute(REQUEST_ID, requestId)
                .setAttribute("http.request.method", method)
                .setAttribute("url.path", path)
                .startSpan();
        state.root = root;
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(root), responseHeader, BiConsumer::accept);
        return true;
    }

    /** Closes a model request's root span with its HTTP status, and counts it. */
    public void endRequest(String requestId, int status, long endNanos) {
        RequestState state = requests.remove(requestId);
        if (state == null) return;
        if (metrics != null) metrics.request(status, state.finishReason);
        live.request(status, endNanos - state.arrivalNanos, endNanos);
        if (state.root != null) {
            state.root.setAttribute("http.response.status_code", status);
            if (status >= 500) state.root.setStatus(StatusCode.ERROR);
            state.root.end(epochNanos(endNanos), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Model requests begun and not yet counted. A request is counted (metrics, /v1/stats, its root
     * span) by an after-handler once its answer has been handed to the connection, so its client
     * can read the answer a moment before this falls back.
     */
    public int requestsBeingAnswered() {
        return requests.size();
    }

    /** A request refused with a problem ({@code reason}: the problem type's slug). */
    public void rejected(String reason) {
        if (metrics != null) metrics.rejected(reason);
    }

    // ---------------------------------------------------------------- the tutor's side

    @Override
    public void stage(String requestId, Stage stage, long startNanos, long endNanos) {
        if (metrics != null) metrics.stage(stage, endNanos - startNanos);
        // the dashboard's stages are those of model requests (not of its own polls through the /v1 guards)
        if (requests.containsKey(requestId)) live.stage(stage, endNanos - startNanos, endNanos);
        if (tracer == null) return;
        RequestState state = requests.get(requestId);
        if (state == null || state.root == null) return;
        tracer.spanBuilder(stage.spanName()).setParent(Context.root().with(state.root)).setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(epochNanos(startNanos), TimeUnit.NANOSECONDS)
                .setAttribute(REQUEST_ID, requestId)
                .startSpan()
                .end(epochNanos(endNanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public void finished(Completion completion) {
        if (metrics != null) metrics.finished(completion);
        live.finished(completion, System.nanoTime(), cost.usd(completion.computeShareNanos()));
    }

    @Override
    public void answered(String requestId, Completion c, Usage usage) {
        RequestState state = requests.get(requestId);
        if (state == null) return;
        String reason = c.finishReason().name().toLowerCase(Locale.ROOT);
        state.finishReason = reason;
        if (state.root == null) return;
        RequestTimeline t = c.timeline();
        Span root = state.root;
        root.setAttribute("gen_ai.usage.input_tokens", c.promptTokens());
        root.setAttribute("gen_ai.usage.output_tokens", c.outputTokens().length);
        root.setAttribute("quill.prefix_hit_tokens", c.prefixHitTokens());
        root.setAttribute("quill.queue_ms", millis(t.queueNanos()));
        root.setAttribute("quill.batch_size_at_admission", c.batchSizeAtAdmission());
        root.setAttribute("quill.preemptions", c.preemptions());
        if (c.speculation() != null) {
            root.setAttribute("quill.draft_tokens", c.speculation().proposed());
            root.setAttribute("quill.draft_accepted_tokens", c.speculation().accepted());
        }
        root.setAttribute("quill.ttft_ms", millis(t.ttftNanos()));
        if (t.tpotNanos() >= 0) root.setAttribute("quill.tpot_ms", millis(t.tpotNanos()));
        root.setAttribute("quill.prefill_ms", millis(t.prefillNanos()));
        root.setAttribute("quill.decode_ms", millis(t.decodeNanos()));
        root.setAttribute("quill.finish_reason", reason);
        root.setAttribute("quill.compute_ms", c.computeShareNanos() / 1e6);
        root.setAttribute("quill.cost_usd", usage.costUsd());
        if (!usage.degraded().isEmpty()) root.setAttribute("quill.degraded", String.join(",", usage.degraded()));
    }

    private static double millis(long nanos) {
        return nanos < 0 ? -1 : nanos / 1e6;
    }

    long epochNanos(long nanoTime) {
        return epochAnchorNanos + (nanoTime - nanoAnchor);
    }

    /**
     * The model's version: a fingerprint (not a checksum) of its files: config.json, the
     * safetensors header and size and the first 4 MiB of weights (an ensemble: its ensemble.json
     * and those of each member). Cheap for any model size, different for any retrained or
     * re-quantised checkpoint.
     */
    static String fingerprint(Path modelDir) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Path ensemble = modelDir.resolve(EnsembleModel.FILE);
            if (Files.isRegularFile(ensemble)) {
                sha.update(Files.readAllBytes(ensemble));
                for (Path member : EnsembleModel.memberDirectories(modelDir)) fingerprint(member, sha);
            } else {
                fingerprint(modelDir, sha);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (IOException e) {
            return "unknown";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void fingerprint(Path dir, MessageDigest sha) throws IOException {
        Path config = dir.resolve("config.json");
        if (Files.isRegularFile(config)) sha.update(Files.readAllBytes(config));
        Path weights = dir.resolve("model.safetensors");
        if (Files.isRegularFile(weights)) {
            sha.update(Long.toString(Files.size(weights)).getBytes());
            try (InputStream in = Files.newInputStream(weights)) {
                sha.update(in.readNBytes(4 << 20));
            }
        }
    }

    /** Writes out every span finished so far (the file and OTLP). */
    public void flush() {
        if (tracerProvider != null) tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (tracerProvider != null) tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
    }
}
