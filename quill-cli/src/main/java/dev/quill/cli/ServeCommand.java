package dev.quill.cli;

import dev.quill.server.ServerConfig;
import dev.quill.server.ServerRunner;
import dev.quill.server.SettingSources;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quill serve}: the tutor over HTTP. Every setting comes from its flag, else the
 * environment ({@code QUILL_PORT} for {@code --port}, and so on), else the config file, else
 * the default shown.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serves the grammar tutor over HTTP: POST /v1/grammar/correct (JSON or Server-Sent Events),",
            "OpenAI-compatible /v1/completions, /v1/chat/completions and /v1/models, GET /v1/rules (rule cards),",
            "/v1/retrieval/stats, /healthz, /readyz, /metrics (Prometheus) and /openapi.json; spans to --span-file",
            "(and OTLP when --otlp-endpoint is set).",
            "Each setting: flag, else QUILL_<NAME> in the environment (QUILL_MAX_BODY_BYTES for",
            "--max-body-bytes), else the --config file (Java properties, e.g. max-body-bytes=8192), else the default.",
            "SIGTERM drains: readiness off, new requests 503, requests in flight finish, exit 0."
        })
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of settings (env: QUILL_CONFIG).")
    String config;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory (default: models/quill-tutor, or a generated random model until one is trained).")
    String model;

    @Option(names = "--host", description = "Address to bind (default: 0.0.0.0).")
    String host;

    @Option(names = "--port", description = "Port (default: 8080; 0 picks a free one).")
    String port;

    @Option(names = "--policy", description = "Engine scheduling: none, static or continuous (default: continuous).")
    String policy;

    @Option(names = "--max-batch", description = "static: batch size; continuous: most running sequences (default: 16).")
    String maxBatch;

    @Option(names = "--static-wait-ms", description = "static: longest wait for a batch to fill (default: 20).")
    String staticWaitMs;

    @Option(names = "--step-tokens", description = "continuous: token budget per engine step (default: 512).")
    String stepTokens;

    @Option(names = "--kv-mb", description = "KV cache budget in MiB (default: 256).")
    String kvMb;

    @Option(names = "--max-waiting", description = "Requests that may wait for the engine before 503 (default: 256).")
    String maxWaiting;

    @Option(names = "--max-queued-prompt-tokens", description = "Prompt tokens that may wait before 503 (default: 65536).")
    String maxQueuedPromptTokens;

    @Option(names = "--threads", description = "Kernel threads (default: one per core).")
    String threads;

    @Option(names = "--max-body-bytes", description = "Bodies over this are refused unread, 413 (default: 8192).")
    String maxBodyBytes;

    @Option(names = "--max-sentence-chars", description = "Longest sentence accepted, 422 beyond (default: 1000).")
    String maxSentenceChars;

    @Option(names = "--max-output-tokens", description = "Most tokens one request may generate (default: 128).")
    String maxOutputTokens;

    @Option(names = "--deadline-ms", description = "Requests unanswered after this get 504 (default: 10000).")
    String deadlineMs;

    @Option(names = "--drain-timeout-ms", description = "On SIGTERM, how long requests in flight may take (default: 30000).")
    String drainTimeoutMs;

    @Option(names = "--idle-timeout-ms", description = "A request whose body stops arriving for this long gets 408; an idle connection is closed (default: 30000).")
    String idleTimeoutMs;

    @Option(names = "--rate-limit-per-minute", description = "Requests per client per minute, 0 for none (default: 600).")
    String rateLimitPerMinute;

    @Option(names = "--rate-limit-burst", description = "Requests a client may make at once (default: 100).")
    String rateLimitBurst;

    @Option(names = "--api-keys", description = "Comma-separated keys; when set, /v1 needs one. Prefer QUILL_API_KEYS: flags show in ps.")
    String apiKeys;

    @Option(names = "--latency-budget-ms", description = "End-to-end budget a request should fit in; a predicted queue wait near it degrades, over it 503 (default: 5000).")
    String latencyBudgetMs;

    @Option(names = "--degrade-order", description = "What busy-time requests give up, in order, or none (default: fewer-cards,no-retrieval,short-output).")
    String degradeOrder;

    @Option(names = "--retrieval-top-k", description = "Rule cards retrieved per edit (the best explains it) and the default k of /v1/rules (default: 5).")
    String retrievalTopK;
    @Option(names = "--min-gain", description = "Keep a correction only when the model finds it this much more likely"
            + " (natural log) than the unchanged sentence, and (after a colon) each edit of a correction of two or more only when"
            + " the correction is that much more likely than without it: a number, two ('2:1'), off, or model (the model's tuned"
            + " margins) (default: model).")
    String minGain;

    @Option(names = "--speculate", description = "Decode corrections speculatively with the unchanged sentence as the draft,"
            + " true or false: the same answers in fewer engine steps, and the guard's score without a second request (default: true).")
    String speculate;

    @Option(names = "--spelling", description = "Make the spelling fixes LanguageTool's word lists are sure of before the model"
            + " reads a sentence, and after it let the model choose among the lists' candidates for the words still misspelled,"
            + " true or false (default: true).")
    String spelling;

    @Option(names = "--tracing", description = "Record OpenTelemetry spans, true or false (default: true).")
    String tracing;

    @Option(names = "--metrics", description = "Prometheus metrics on GET /metrics, true or false (default: true).")
    String metrics;

    @Option(names = "--span-file", paramLabel = "FILE", description = "Local JSON-lines span file, read by quill traces report (default: build/traces/spans.jsonl).")
    String spanFile;

    @Option(names = "--span-file-max-mb", description = "Rotate the span file past this size (default: 16).")
    String spanFileMaxMb;

    @Option(names = "--span-file-keep", description = "Rotated span files kept (default: 3).")
    String spanFileKeep;

    @Option(names = "--otlp-endpoint", paramLabel = "URL", description = "Also export spans over OTLP/HTTP to this collector, e.g. http://localhost:4318 (default: none).")
    String otlpEndpoint;

    @Option(names = "--price-per-hour-usd", paramLabel = "USD", description = "Instance price per hour, for each request's cost (default: 0.10).")
    String pricePerHourUsd;

    @Override
    public Integer call() throws Exception {
        ServerConfig cfg = ServerConfig.from(SettingSources.of(flags(), System.getenv()), ServeCommand::defaultModel);
        return ServerRunner.run(cfg, new PrintStream(System.err, true, StandardCharsets.UTF_8));
    }

    private Map<String, String> flags() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "config", config);
        put(m, "model", model);
        put(m, "host", host);
        put(m, "port", port);
        put(m, "policy", policy);
        put(m, "max-batch", maxBatch);
        put(m, "static-wait-ms", staticWaitMs);
        put(m, "step-tokens", stepTokens);
        put(m, "kv-mb", kvMb);
        put(m, "max-waiting", maxWaiting);
        put(m, "max-queued-prompt-tokens", maxQueuedPromptTokens);
        put(m, "threads", threads);
        put(m, "max-body-bytes", maxBodyBytes);
        put(m, "max-sentence-chars", maxSentenceChars);
        put(m, "max-output-tokens", maxOutputTokens);
        put(m, "deadline-ms", deadlineMs);
        put(m, "drain-timeout-ms", drainTimeoutMs);
        put(m, "idle-timeout-ms", idleTimeoutMs);
        put(m, "rate-limit-per-minute", rateLimitPerMinute);
        put(m, "rate-limit-burst", rateLimitBurst);
        put(m, "api-keys", apiKeys);
        put(m, "latency-budget-ms", latencyBudgetMs);
        put(m, "degrade-order", degradeOrder);
        put(m, "retrieval-top-k", retrievalTopK);
        put(m, "min-gain", minGain);
        put(m, "speculate", speculate);
        put(m, "spelling", spelling);
        put(m, "tracing", tracing);
        put(m, "metrics", metrics);
        put(m, "span-file", spanFile);
        put(m, "span-file-max-mb", spanFileMaxMb);
        put(m, "span-file-keep", spanFileKeep);
        put(m, "otlp-endpoint", otlpEndpoint);
        put(m, "price-per-hour-usd", pricePerHourUsd);
        return m;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) m.put(key, value);
    }

    /** The bundled model, or the generated random one (see {@code quill generate}). */
    static Path defaultModel() {
        try {
            return GenerateCommand.defaultModel();
        } catch (Exception e) {
            throw new IllegalStateException("no default model: " + e.getMessage(), e);
        }
    }
}
