package dev.quill.server.observe;

import dev.quill.server.SettingSources;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code quill serve} is told about traces, metrics and cost; each a flag, a {@code QUILL_}
 * environment variable or a config-file key like the server's other settings.
 *
 * @param tracing          record OpenTelemetry spans ({@code tracing}, default on)
 * @param metrics          keep Prometheus metrics and serve {@code GET /metrics} ({@code metrics}, default on)
 * @param spanFile         the local JSON-lines span file the trace report reads ({@code span-file})
 * @param spanFileMaxBytes the span file is rotated past this size ({@code span-file-max-mb}, default 16 MiB)
 * @param spanFileKeep     rotated files kept beside it ({@code span-file-keep}, default 3): the files
 *                         never hold more than {@code (keep + 1) * maxBytes}
 * @param otlpEndpoint     when set, spans are also exported over OTLP/HTTP to this base URL
 *                         ({@code otlp-endpoint}, e.g. {@code http://localhost:4318})
 * @param usdPerHour       the instance's price per hour, for each request's cost ({@code price-per-hour-usd})
 * @param serviceName      {@code service.name} of the spans
 */
public record ObservabilityConfig(boolean tracing, boolean metrics, Path spanFile, long spanFileMaxBytes, int spanFileKeep,
        Optional<String> otlpEndpoint, double usdPerHour, String serviceName) {

    /**
     * A price for a small CPU instance (2 vCPU, 4-8 GiB; on-demand list prices of the big clouds are
     * about $0.07-0.10 an hour): the order of magnitude of what serving this model costs.
     */
    public static final double DEFAULT_USD_PER_HOUR = 0.10;

    public ObservabilityConfig {
        if (spanFileMaxBytes < 4096) throw new IllegalArgumentException("span-file-max-mb is too small");
        if (spanFileKeep < 0) throw new IllegalArgumentException("span-file-keep must be >= 0");
        if (!(usdPerHour >= 0)) throw new IllegalArgumentException("price-per-hour-usd must be >= 0");
    }

    /** Tracing and metrics off: what the overhead benchmark compares against. */
    public static ObservabilityConfig off() {
        return new ObservabilityConfig(false, false, Path.of("build/traces/spans.jsonl"), 16L << 20, 3, Optional.empty(),
                DEFAULT_USD_PER_HOUR, "quill");
    }

    public static ObservabilityConfig from(SettingSources s) {
        return new ObservabilityConfig(
                s.flag("tracing", true),
                s.flag("metrics", true),
                Path.of(s.string("span-file", "build/traces/spans.jsonl")),
                s.number("span-file-max-mb", 16) << 20,
                s.integer("span-file-keep", 3),
                s.get("otlp-endpoint").filter(v -> !v.isBlank()),
                s.decimal("price-per-hour-usd", DEFAULT_USD_PER_HOUR),
                s.string("service-name", "quill"));
    }
}
