/**
 * Traces, metrics, cost and the trace report (issue 7; seeds 000, 002 and 003).
 *
 * <p>{@link dev.quill.server.observe.Telemetry} is the tutor's
 * {@link dev.quill.server.tutor.StageObserver}: OpenTelemetry spans (root {@code http.request},
 * one child per stage, W3C trace context in and out) written by
 * {@link dev.quill.server.observe.SpanFileExporter} to a rotated, bounded JSON-lines file and,
 * when configured, over OTLP/HTTP; {@link dev.quill.server.observe.ServingMetrics} keeps the
 * Prometheus metrics served on {@code GET /metrics}, and {@link dev.quill.server.observe.LiveStats}
 * the same events over a recent window for the live dashboard ({@code GET /v1/stats}). {@link dev.quill.server.observe.TraceReport}
 * reads span files back ({@code quill traces report}) against a
 * {@link dev.quill.server.observe.LatencyBudget}. Configuration:
 * {@link dev.quill.server.observe.ObservabilityConfig}.
 *
 * <p>Owns: the span file format ({@link dev.quill.server.observe.SpanFile}), metric names,
 * attribute names. Depends on the engine's value objects (Completion, StepRecord,
 * EngineSnapshot) and the tutor's seam; knows nothing of HTTP beyond header accessors, so the
 * server decides which requests are traced ({@code POST /v1/...}).
 */
package dev.quill.server.observe;
